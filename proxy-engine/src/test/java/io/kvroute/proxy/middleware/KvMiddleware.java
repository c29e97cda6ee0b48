package io.kvroute.proxy.middleware;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.kv.model.RawSettings;

/** Untyped middlewares as the decoder gives them, from their settings written as JSON, for the tests. */
final class KvMiddleware {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KvMiddleware() {
    }

    /** The middleware {@code name} of Traefik type {@code type} with {@code settings}, a JSON object. */
    static OpaqueMiddleware of(String name, String type, String settings) {
        try {
            return new OpaqueMiddleware(name, type, RawSettings.fromJson((ObjectNode) JSON.readTree(settings)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("settings: " + settings + " (expected: a JSON object)", e);
        }
    }
}
