package io.kvroute.kv.testing.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One answer of the emulated API: status, headers and body bytes. */
record ApiResponse(int status, Map<String, String> headers, byte[] body) {
    static final ObjectMapper JSON = new ObjectMapper();

    ApiResponse {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    static ApiResponse json(int status, Object value) {
        try {
            return new ApiResponse(status, Map.of("Content-Type", "application/json"), JSON.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value, e);
        }
    }

    static ApiResponse text(int status, String body) {
        return new ApiResponse(status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    static ApiResponse raw(byte[] body) {
        return new ApiResponse(200, Map.of("Content-Type", "application/octet-stream"), body);
    }

    /** Adds Consul's query metadata headers ({@code X-Consul-Index} and friends). */
    ApiResponse withIndex(long index) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("X-Consul-Index", Long.toString(index));
        all.put("X-Consul-KnownLeader", "true");
        all.put("X-Consul-LastContact", "0");
        return new ApiResponse(status, all, body);
    }
}
