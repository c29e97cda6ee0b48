package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Secrets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps every configured secret out of what the web listener sends. The secrets of one configuration are found once
 * by {@link Secrets}' rules over the whole decoded configuration (every section, v1 included) and its problems:
 * values under secret-looking names (custom header values such as {@code Authorization}, forwardAuth's
 * {@code tls.key}, any opaque middleware's {@code token} or {@code password}, TLS {@code keyFile}s), every entry
 * of a {@code users} list and its hash, the header values rules match for such names, URL userinfo and its
 * password, PEM private keys, and the values of problems on secret-looking keys. Then every string and field name of an answer, wherever it comes from, has each secret
 * replaced by {@value Secrets#MASK}: what is not found as a field is still caught as text, so a new field or a
 * message that quotes a value cannot leak by omission. URL userinfo and private key blocks are hidden by their shape
 * even when they are not in the configuration.
 *
 * <p>A secret shorter than {@value #MIN_SUBSTRING} characters is hidden only where it is a whole string (or a whole
 * label value), so that it does not blank out unrelated text.
 */
final class Redaction {
    static final int MIN_SUBSTRING = 4;
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)", Pattern.DOTALL);
    private static final Redaction NOTHING_CONFIGURED = new Redaction(Set.of());

    /** Longest first, so that a secret containing another is replaced whole. */
    private final List<String> secrets;

    private Redaction(Set<String> secrets) {
        this.secrets = secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder())).toList();
    }

    /** The redaction of {@code config}'s secrets. */
    static Redaction of(DecodedConfig config) {
        Set<String> found = new LinkedHashSet<>();
        collect(config.traefikJson(), "", found);
        for (Problem problem : config.problems()) {
            if (Secrets.isSecretKey(problem.key())) {
                add(problem.value(), found);
            }
            addShaped(problem.value(), found);
            addShaped(problem.reason(), found);
        }
        return new Redaction(found);
    }

    /** Hides only what has the shape of a secret (no configuration read yet). */
    static Redaction nothingConfigured() {
        return NOTHING_CONFIGURED;
    }

    /** A redaction of this one's secrets and {@code other}'s. */
    Redaction and(Redaction other) {
        Set<String> both = new LinkedHashSet<>(secrets);
        both.addAll(other.secrets);
        return new Redaction(both);
    }

    /** A copy of {@code node} with every secret hidden in its strings and field names. */
    JsonNode apply(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = Responses.JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                copy.set(apply(field.getKey()), apply(field.getValue()));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = Responses.JSON.createArrayNode();
            array.forEach(element -> copy.add(apply(element)));
            return copy;
        }
        return node.isTextual() ? TextNode.valueOf(apply(node.asText())) : node;
    }

    /** {@code text} with every secret hidden. */
    String apply(String text) {
        String shown = Secrets.hideUrlCredentials(PRIVATE_KEY.matcher(text).replaceAll(Secrets.MASK));
        for (String secret : secrets) {
            if (secret.length() >= MIN_SUBSTRING) {
                shown = shown.replace(secret, Secrets.MASK);
            } else if (shown.equals(secret)) {
                return Secrets.MASK;
            }
        }
        return shown;
    }

    /** Prometheus' text exposition with every secret hidden, also where label escaping changed its spelling. */
    String applyToExposition(String exposition) {
        String shown = Secrets.hideUrlCredentials(exposition);
        for (String secret : secrets) {
            String escaped = secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
            if (secret.length() >= MIN_SUBSTRING) {
                shown = shown.replace(secret, Secrets.MASK).replace(escaped, Secrets.MASK);
            } else {
                shown = shown.replace("\"" + escaped + "\"", "\"" + Secrets.MASK + "\"");
            }
        }
        return shown;
    }

    private static void collect(JsonNode node, String name, Set<String> found) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                addShaped(field.getKey(), found);
                collect(field.getValue(), field.getKey(), found);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> collect(element, name, found));
        } else if (node.isTextual()) {
            String text = node.asText();
            if (name.equals("rule")) {
                Secrets.ruleSecrets(text).forEach(secret -> add(secret, found));
            }
            if (Secrets.isSecretName(name)) {
                add(text, found);
                int colon = text.indexOf(':');
                if (name.equalsIgnoreCase("users") && colon >= 0) {
                    add(text.substring(colon + 1), found);
                }
            }
            addShaped(text, found);
        }
    }

    /** The URL credentials (and their passwords) and private keys in {@code text}. */
    private static void addShaped(String text, Set<String> found) {
        for (String userInfo : Secrets.urlCredentials(text)) {
            add(userInfo, found);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                add(userInfo.substring(colon + 1), found);
            }
        }
        PRIVATE_KEY.matcher(text).results().forEach(key -> add(key.group(), found));
    }

    private static void add(String secret, Set<String> found) {
        requireNonNull(secret, "secret");
        if (!secret.isEmpty() && !secret.equals(Secrets.MASK)) {
            found.add(secret);
        }
    }
}
