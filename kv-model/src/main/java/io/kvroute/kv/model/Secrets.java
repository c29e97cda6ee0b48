package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which configured values are secrets, and how they are hidden wherever kvroute shows configuration (logs, metric
 * labels, the dashboard and API). A secret is replaced by {@value #MASK}, the mask of Traefik's own redaction
 * ({@code pkg/redactor}). The rules, by shape and by name:
 * <ul>
 *   <li>a URL's userinfo ({@code scheme://user:password@host}) is a secret, in any text;</li>
 *   <li>in a router rule, the value a {@code Header}/{@code Headers}/{@code HeaderRegexp}/{@code HeadersRegexp}
 *       matcher (v1: {@code Headers:name,value}) expects for a secret-looking header name ({@link #ruleSecrets});</li>
 *   <li>a value is a secret when its field name looks like one ({@link #isSecretName}: password, secret, token,
 *       key, cookie, auth, credential, session, signature), or it is an entry of a {@code users} list
 *       (basicAuth/digestAuth);</li>
 *   <li>the value of a problem is a secret when any segment of its key looks like one ({@link #isSecretKey}; not
 *       TLS options' {@code clientAuth/clientAuthType}): a wrong value under an auth middleware may be a secret in
 *       the wrong place; a problem value that is a JSON
 *       document (a whole section kvroute does not apply) is shown with the rules above applied inside.</li>
 * </ul>
 */
public final class Secrets {
    /** What stands in for a secret. */
    public static final String MASK = "xxxx";
    private static final Pattern URL_USERINFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/?#\\s\"]*)@");
    private static final Pattern SECRET_NAME =
            Pattern.compile(".*(password|passwd|secret|token|key|cookie|auth|credential|session|signature).*");
    /**
     * Field names that match {@link #SECRET_NAME} but hold header names, modes or public material, never secrets:
     * TLS options' {@code clientAuth} holds {@code clientAuthType} and the CA certificates of {@code caFiles}.
     */
    private static final Set<String> NOT_SECRET = Set.of("authresponseheaders", "authresponseheadersregex",
            "authrequestheaders", "clientauthtype", "clientauth");
    /** Lists whose entries are {@code user:hash} lines. */
    private static final String USERS = "users";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEADER_MATCHER =
            Pattern.compile("Headers?(?:Regexp)?\\(\\s*[`\"]([^`\"]*)[`\"]\\s*,\\s*[`\"]([^`\"]*)[`\"]\\s*\\)");
    private static final Pattern V1_HEADER_MATCHER = Pattern.compile("Headers(?:Regexp)?:\\s*([^,;]+),([^;]*)");

    private Secrets() {
    }

    /** True if a value under field (or header) {@code name} is a secret. */
    public static boolean isSecretName(String name) {
        String plain = plain(requireNonNull(name, "name"));
        return plain.equals(USERS) || !NOT_SECRET.contains(plain) && SECRET_NAME.matcher(plain).matches();
    }

    /** True if the value of key {@code key} ({@code traefik/http/middlewares/m/basicAuth/users/0}) may be a secret. */
    public static boolean isSecretKey(String key) {
        for (String segment : requireNonNull(key, "key").split("/")) {
            String plain = plain(segment);
            if (plain.equals(USERS) || !NOT_SECRET.contains(plain) && SECRET_NAME.matcher(plain).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The values that the header matchers of {@code rule} expect for headers with secret-looking names, in order. */
    public static List<String> ruleSecrets(String rule) {
        List<String> found = new ArrayList<>();
        for (Pattern matcher : List.of(HEADER_MATCHER, V1_HEADER_MATCHER)) {
            Matcher header = matcher.matcher(requireNonNull(rule, "rule"));
            while (header.find()) {
                if (isSecretName(header.group(1).trim()) && !header.group(2).isEmpty()) {
                    found.add(header.group(2));
                }
            }
        }
        return found;
    }

    /** {@code text} with the userinfo of every URL in it replaced by {@value #MASK}. */
    public static String hideUrlCredentials(String text) {
        return URL_USERINFO.matcher(requireNonNull(text, "text")).replaceAll("$1" + MASK + "@");
    }

    /** The userinfo parts ({@code user:password}) of the URLs in {@code text}, in order. */
    public static List<String> urlCredentials(String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = URL_USERINFO.matcher(requireNonNull(text, "text"));
        while (matcher.find()) {
            if (!matcher.group(2).isEmpty()) {
                found.add(matcher.group(2));
            }
        }
        return found;
    }

    /**
     * A copy of {@code json} with every value under a secret-looking name (every entry of a list under one) replaced
     * by {@value #MASK}, and URL credentials hidden in every other string.
     */
    public static JsonNode redact(JsonNode json) {
        return redact(requireNonNull(json, "json"), false);
    }

    private static JsonNode redact(JsonNode node, boolean secret) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                copy.set(field.getKey(), redact(field.getValue(), secret || isSecretName(field.getKey())));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JSON.createArrayNode();
            array.forEach(element -> copy.add(redact(element, secret)));
            return copy;
        }
        if (secret && !node.isNull()) {
            return TextNode.valueOf(MASK);
        }
        return node.isTextual() ? TextNode.valueOf(hideUrlCredentials(node.asText())) : node;
    }

    /**
     * {@code problem} as it may be shown: its value replaced by {@value #MASK} (also where the reason quotes it) when
     * its key may hold a secret, secret fields masked in a JSON value, a rule's secret header values masked, and URL
     * credentials hidden in value and reason.
     */
    public static Problem redact(Problem problem) {
        requireNonNull(problem, "problem");
        String value = problem.value();
        String reason = problem.reason();
        if (isSecretKey(problem.key()) && !value.isEmpty()) {
            reason = reason.replace(value, MASK);
            value = MASK;
        } else if (value.startsWith("{") || value.startsWith("[")) {
            String shown = redactedJson(value);
            reason = reason.replace(value, shown);
            value = shown;
        } else if (problem.key().endsWith("/rule")) {
            for (String secret : ruleSecrets(value)) {
                value = value.replace(secret, MASK);
                reason = reason.replace(secret, MASK);
            }
        }
        return new Problem(problem.key(), hideUrlCredentials(value), problem.severity(), hideUrlCredentials(reason),
                problem.entity());
    }

    /** {@code text} with the rules applied inside if it is JSON; else {@value #MASK} (it may be JSON cut short). */
    private static String redactedJson(String text) {
        try {
            return redact(JSON.readTree(text)).toString();
        } catch (JsonProcessingException notJson) {
            return MASK;
        }
    }

    private static String plain(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
