package io.kvroute.kv.testing.consul;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** Reads request JSON as Consul (Go's encoding/json) does: field names match case-insensitively. */
final class GoJson {
    private GoJson() {
    }

    static Optional<JsonNode> field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equalsIgnoreCase(name) && !field.getValue().isNull()) {
                return Optional.of(field.getValue());
            }
        }
        return Optional.empty();
    }

    static Optional<String> text(JsonNode node, String name) {
        return field(node, name).map(JsonNode::asText);
    }

    static long number(JsonNode node, String name) {
        return field(node, name).map(value -> value.asLong(0)).orElse(0L);
    }
}
