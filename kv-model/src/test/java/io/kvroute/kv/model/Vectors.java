package io.kvroute.kv.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.testing.TraefikVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Loads the {@code expected} JSON of the Traefik test vectors, and parses inline JSON for tests. */
final class Vectors {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> RUNTIME_FIELDS = List.of("status", "using", "usedBy", "serverStatus");

    private Vectors() {
    }

    static ObjectNode expected(String file) {
        return (ObjectNode) TraefikVectors.load(file).get("expected");
    }

    /**
     * The config part of v3_06 (Traefik's {@code /api/rawdata} for the etcd provider): runtime fields removed, the
     * {@code @etcd} suffix removed from entity names (references keep it), wrapped in {@code {"http": ...}}.
     */
    static ObjectNode rawdataAsConfig() {
        ObjectNode rawdata = expected("v3_06_etcd_integration_rawdata.json");
        ObjectNode config = MAPPER.createObjectNode();
        ObjectNode http = config.putObject("http");
        for (Map.Entry<String, JsonNode> section : rawdata.properties()) {
            ObjectNode entities = http.putObject(section.getKey());
            for (Map.Entry<String, JsonNode> entity : section.getValue().properties()) {
                ObjectNode copy = ((ObjectNode) entity.getValue()).deepCopy();
                copy.remove(RUNTIME_FIELDS);
                entities.set(entity.getKey().replace("@etcd", ""), copy);
            }
        }
        return config;
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
