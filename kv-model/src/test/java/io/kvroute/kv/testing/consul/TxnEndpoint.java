package io.kvroute.kv.testing.consul;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /v1/txn} with {@code KV} operations: 200 with {@code Results}, or 409 with {@code Errors} (each with its
 * {@code OpIndex} and {@code What}) and nothing applied.
 */
final class TxnEndpoint {
    private final ConsulState state;

    TxnEndpoint(ConsulState state) {
        this.state = state;
    }

    ApiResponse handle(ApiRequest request) {
        if (!request.method().equals("PUT")) {
            return ApiResponse.text(405, "method " + request.method() + " not allowed on /v1/txn");
        }
        TxnRunner.Outcome outcome = state.transaction(operations(request.body()));
        Map<String, Object> answer = new LinkedHashMap<>();
        if (outcome.failed()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            outcome.errors().forEach((index, what) -> errors.add(Map.of("OpIndex", index, "What", what)));
            answer.put("Results", null);
            answer.put("Errors", errors);
            return ApiResponse.json(409, answer);
        }
        answer.put("Results", outcome.results().stream()
                .map(result -> Map.of("KV", ConsulJson.entry(result.entry(), result.withValue()))).toList());
        answer.put("Errors", null);
        return ApiResponse.json(200, answer);
    }

    private static List<TxnOp> operations(byte[] body) {
        JsonNode root;
        try {
            root = ApiResponse.JSON.readTree(body);
        } catch (IOException e) {
            throw new ConsulApiError(400, "Failed to parse body: " + e.getMessage());
        }
        if (root == null || !root.isArray()) {
            throw new ConsulApiError(400, "Failed to parse body: expected a JSON array of operations");
        }
        List<TxnOp> operations = new ArrayList<>();
        for (JsonNode operation : root) {
            JsonNode kv = GoJson.field(operation, "KV").orElse(null);
            if (kv == null) {
                throw new ConsulApiError(400, "the Consul emulator supports only KV operations in /v1/txn, got "
                        + operation);
            }
            String value = GoJson.text(kv, "Value").orElse("");
            operations.add(new TxnOp(GoJson.text(kv, "Verb").orElse(""), GoJson.text(kv, "Key").orElse(""),
                    Base64.getDecoder().decode(value), GoJson.number(kv, "Flags"), GoJson.number(kv, "Index"),
                    GoJson.text(kv, "Session")));
        }
        return operations;
    }
}
