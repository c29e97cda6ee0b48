package io.kvroute.kv.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.testing.TraefikVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Traefik test vectors, loaded by {@link TraefikVectors}, plus the JSON helpers the layout tests share. */
final class Vectors {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Vectors() {
    }

    static List<String> names(String prefix) {
        return TraefikVectors.names(prefix);
    }

    static ObjectNode load(String name) {
        return TraefikVectors.load(name);
    }

    static List<KvPair> pairs(JsonNode pairsObject) {
        List<KvPair> pairs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : pairsObject.properties()) {
            pairs.add(KvPair.of(entry.getKey(), entry.getValue().asText()));
        }
        return pairs;
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
