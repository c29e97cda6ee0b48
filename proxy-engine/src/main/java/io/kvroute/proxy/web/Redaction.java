package io.kvroute.proxy.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what the web listener shows: basic/digest auth {@code users} (and v1's {@code basicAuth}
 * lists) become {@value #HIDDEN} per entry, as do the values of custom headers that carry credentials and the values
 * of problems on such keys.
 */
final class Redaction {
    static final String HIDDEN = "<redacted>";
    private static final Pattern SECRET_FIELD = Pattern.compile("users|basicauth");
    private static final Pattern SECRET_HEADER =
            Pattern.compile("(proxy-)?authorization|cookie|set-cookie|.*(token|secret|password|api-?key).*");
    private static final Pattern SECRET_KEY =
            Pattern.compile(".*(/users|basicauth|digestauth|/auth/|token|secret|password|authorization|cookie|api-?key).*");

    private Redaction() {
    }

    /** A copy of {@code node} with secrets hidden. */
    static JsonNode redact(JsonNode node) {
        JsonNode copy = node.deepCopy();
        hide(copy);
        return copy;
    }

    /** {@code value}, or {@value #HIDDEN} when {@code key} holds a secret. */
    static String value(String key, String value) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches() && !value.isEmpty() ? HIDDEN : value;
    }

    private static void hide(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            for (Map.Entry<String, JsonNode> field : fields) {
                String name = field.getKey().toLowerCase(Locale.ROOT);
                if (SECRET_FIELD.matcher(name).matches() && field.getValue() instanceof ArrayNode entries) {
                    for (int i = 0; i < entries.size(); i++) {
                        entries.set(i, TextNode.valueOf(HIDDEN));
                    }
                } else if (name.startsWith("custom") && name.endsWith("headers")
                        && field.getValue() instanceof ObjectNode headers) {
                    hideHeaderValues(headers);
                } else {
                    hide(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(Redaction::hide);
        }
    }

    private static void hideHeaderValues(ObjectNode headers) {
        List<String> names = new ArrayList<>();
        headers.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (SECRET_HEADER.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
                headers.put(name, HIDDEN);
            }
        }
    }
}
