package io.kvroute.kv.layout.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvroute.kv.layout.StructListNaming;
import java.util.Map;

/**
 * Plugin configuration written back to keys: objects and arrays become sub-keys, scalars values (reading it is
 * {@link PluginConfs}'s).
 */
public final class RawTree {
    private static final int MAX_DEPTH = 64;

    private RawTree() {
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
