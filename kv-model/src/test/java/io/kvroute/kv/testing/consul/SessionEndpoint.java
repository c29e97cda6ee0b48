package io.kvroute.kv.testing.consul;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /v1/session/create}, {@code renew/<id>}, {@code destroy/<id>}, {@code info/<id>} and {@code list}. */
final class SessionEndpoint {
    private static final Duration DEFAULT_LOCK_DELAY = Duration.ofSeconds(15);
    private static final String NODE = "consul-emulator";

    private final ConsulState state;

    SessionEndpoint(ConsulState state) {
        this.state = state;
    }

    ApiResponse handle(ApiRequest request, String action, String id) {
        return switch (action) {
            case "create" -> requireMethod(request, "PUT").orElseGet(() -> create(request));
            case "renew" -> requireMethod(request, "PUT").orElseGet(() -> state.renewSession(id)
                    .map(session -> ApiResponse.json(200, List.of(ConsulJson.session(session))))
                    .orElseGet(() -> ApiResponse.text(404, "Session id '" + id + "' not found")));
            case "destroy" -> requireMethod(request, "PUT").orElseGet(() -> {
                state.destroySession(id);
                return ApiResponse.json(200, true);
            });
            case "info" -> requireMethod(request, "GET").orElseGet(() -> ApiResponse.json(200,
                    state.session(id).map(ConsulJson::session).map(List::of).orElse(List.of()))
                    .withIndex(state.raftIndex()));
            case "list" -> requireMethod(request, "GET").orElseGet(() -> ApiResponse.json(200,
                    state.sessions().stream().map(ConsulJson::session).toList()).withIndex(state.raftIndex()));
            default -> ApiResponse.text(404, "unknown session endpoint /v1/session/" + action);
        };
    }

    private ApiResponse create(ApiRequest request) {
        JsonNode body = body(request.body());
        Optional<Duration> ttl = GoJson.text(body, "TTL").filter(t -> !t.isEmpty()).map(GoDuration::parse);
        Duration lockDelay = lockDelay(GoJson.field(body, "LockDelay").orElse(null));
        EmulatedSession session = state.createSession(GoJson.text(body, "Name").orElse(""),
                GoJson.text(body, "Node").orElse(NODE), GoJson.text(body, "Behavior").orElse("release"), ttl,
                lockDelay);
        return ApiResponse.json(200, Map.of("ID", session.id()));
    }

    /** Consul takes a duration string, or a number: seconds when small, nanoseconds otherwise. */
    private static Duration lockDelay(JsonNode value) {
        if (value == null) {
            return DEFAULT_LOCK_DELAY;
        }
        if (value.isNumber()) {
            long number = value.asLong();
            return number < 1000 ? Duration.ofSeconds(number) : Duration.ofNanos(number);
        }
        return GoDuration.parse(value.asText());
    }

    private static JsonNode body(byte[] bytes) {
        if (bytes.length == 0) {
            return ApiResponse.JSON.createObjectNode();
        }
        try {
            return ApiResponse.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new ConsulApiError(400, "Request decode failed: " + e.getMessage());
        }
    }

    private static Optional<ApiResponse> requireMethod(ApiRequest request, String method) {
        return request.method().equals(method) ? Optional.empty()
                : Optional.of(ApiResponse.text(405, "method " + request.method() + " not allowed; expected "
                        + method));
    }
}
