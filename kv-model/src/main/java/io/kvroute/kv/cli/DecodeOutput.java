package io.kvroute.kv.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.model.Problem;

/** The JSON {@code kv decode} prints: {@code {"config": ..., "problems": [{key, value, severity, reason}]}}. */
final class DecodeOutput {
    private DecodeOutput() {
    }

    static ObjectNode toJson(DecodedConfig decoded) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode root = json.objectNode();
        root.set("config", decoded.traefikJson().deepCopy());
        ArrayNode problems = root.putArray("problems");
        for (Problem problem : decoded.problems()) {
            problems.addObject()
                    .put("key", problem.key())
                    .put("value", problem.value())
                    .put("severity", problem.severity().label())
                    .put("reason", problem.reason());
        }
        return root;
    }
}
