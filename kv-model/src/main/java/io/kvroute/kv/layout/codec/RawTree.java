package io.kvroute.kv.layout.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kvroute.kv.layout.StructListNaming;
import io.kvroute.kv.layout.node.KvNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Untyped pass-through between a key tree and JSON, for plugin configuration: leaves become strings (folded lists stay comma-joined), inner nodes objects, and
 * numeric segments keep their digits.
 */
public final class RawTree {
    private static final int MAX_DEPTH = 64;
    private static final Pattern INDEX_NAME = Pattern.compile("\\[[0-9]+]");

    private RawTree() {
    }

    /** The JSON form of {@code node}. */
    public static JsonNode toJson(KvNode node, ProblemSink sink) {
        return toJson(node, sink, 0);
    }

    private static JsonNode toJson(KvNode node, ProblemSink sink, int depth) {
        if (!node.hasChildren()) {
            return TextNode.valueOf(node.valueOrEmpty());
        }
        if (depth > MAX_DEPTH) {
            sink.error(node.key(), node.valueOrEmpty(), "nested deeper than " + MAX_DEPTH + " levels");
            return null;
        }
        if (!node.valueOrEmpty().isEmpty()) {
            sink.warning(node.key(), node.valueOrEmpty(), "ignored: " + node.name()
                    + " has sub-keys, its own value is not read");
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (KvNode child : node.children()) {
            JsonNode value = toJson(child, sink, depth + 1);
            if (value != null) {
                object.set(plainName(child.name()), value);
            }
        }
        return object;
    }

    /** {@code [3]} back to {@code 3}. */
    static String plainName(String nodeName) {
        return INDEX_NAME.matcher(nodeName).matches() ? nodeName.substring(1, nodeName.length() - 1) : nodeName;
    }

    /** Writes {@code value} below {@code key}: objects and arrays become sub-keys, scalars values. */
    public static void write(JsonNode value, String key, PairWriter writer, int depth) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        if (depth > MAX_DEPTH) {
            writer.sink().error(key, "", "nested deeper than " + MAX_DEPTH + " levels");
            return;
        }
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                if (writer.validName(key, entry.getKey())) {
                    write(entry.getValue(), key + "/" + entry.getKey(), writer, depth + 1);
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                write(value.get(i), key + "/" + StructListNaming.paddedIndex(i, value.size()),
                        writer, depth + 1);
            }
        } else {
            writer.put(endsWithIndex(key) ? key + "/" : key, value.asText());
        }
    }

    /**
     * True when the key's last segment is all digits: Traefik would fold such a key into its parent as a list
     * item, so the leaf is written with a trailing {@code /}, which Traefik ignores when splitting segments.
     */
    private static boolean endsWithIndex(String key) {
        String last = key.substring(key.lastIndexOf('/') + 1);
        return !last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
