package io.kvroute.kv.testing.consul;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code /v1/kv/<key>}: GET (plain, {@code raw}, {@code recurse}, {@code keys}; blocking), PUT and DELETE. */
final class KvEndpoint {
    /** Consul's wait when a blocking query gives an index but no {@code wait}. */
    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private final ConsulState state;

    KvEndpoint(ConsulState state) {
        this.state = state;
    }

    ApiResponse handle(ApiRequest request, String key) throws InterruptedException {
        return switch (request.method()) {
            case "GET" -> get(request, key);
            case "PUT" -> put(request, key);
            case "DELETE" -> delete(request, key);
            default -> ApiResponse.text(405, "method " + request.method() + " not allowed on /v1/kv/");
        };
    }

    private ApiResponse get(ApiRequest request, String key) throws InterruptedException {
        long minIndex = request.longParameter("index").orElse(0L);
        Duration wait = request.parameter("wait").map(GoDuration::parse).orElse(DEFAULT_WAIT);
        wait = wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
        if (request.has("keys")) {
            String separator = request.parameter("separator").orElse("");
            ConsulState.Indexed<List<String>> keys = state.read(key, true, minIndex, wait,
                    table -> table.keys(key, separator));
            return keys.value().isEmpty() ? notFound(keys.index())
                    : ApiResponse.json(200, keys.value()).withIndex(keys.index());
        }
        if (request.has("recurse")) {
            ConsulState.Indexed<List<KvEntry>> entries = state.read(key, true, minIndex, wait,
                    table -> table.list(key));
            return entries.value().isEmpty() ? notFound(entries.index())
                    : ApiResponse.json(200, ConsulJson.entries(entries.value())).withIndex(entries.index());
        }
        ConsulState.Indexed<Optional<KvEntry>> entry = state.read(key, false, minIndex, wait, table -> table.get(key));
        if (entry.value().isEmpty()) {
            return notFound(entry.index());
        }
        ApiResponse answer = request.has("raw")
                ? ApiResponse.raw(entry.value().get().value())
                : ApiResponse.json(200, List.of(ConsulJson.entry(entry.value().get(), true)));
        return answer.withIndex(entry.index());
    }

    /** Consul answers a read that found nothing with 404 and an empty body, still with its index. */
    private static ApiResponse notFound(long index) {
        return ApiResponse.text(404, "").withIndex(index);
    }

    private ApiResponse put(ApiRequest request, String key) {
        requireKey(key);
        boolean done = state.put(key, request.body(), request.longParameter("flags").orElse(0L),
                request.longParameter("cas"), request.parameter("acquire"), request.parameter("release"));
        return ApiResponse.json(200, done);
    }

    private ApiResponse delete(ApiRequest request, String key) {
        boolean recurse = request.has("recurse");
        if (!recurse) {
            requireKey(key);
        }
        return ApiResponse.json(200, state.delete(key, recurse, request.longParameter("cas")));
    }

    private static void requireKey(String key) {
        if (key.isEmpty()) {
            throw new ConsulApiError(400, "Missing key name");
        }
    }
}
