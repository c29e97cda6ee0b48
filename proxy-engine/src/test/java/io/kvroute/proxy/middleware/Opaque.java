package io.kvroute.proxy.middleware;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.kv.model.RawSettings;

/** Untyped middlewares for the tests, their settings written as the decoder types them (JSON). */
final class Opaque {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Opaque() {
    }

    static OpaqueMiddleware of(String name, String type, String settings) {
        try {
            return new OpaqueMiddleware(name, type, RawSettings.fromJson((ObjectNode) JSON.readTree(settings)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("test settings are not JSON: " + settings, e);
        }
    }
}
