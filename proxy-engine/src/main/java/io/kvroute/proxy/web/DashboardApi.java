package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kvroute's own endpoints behind the dashboard: {@code GET /api/kvroute/state} (see {@link DashboardState}),
 * {@code GET /api/kvroute/session} (who is logged in and the CSRF token for that user) and
 * {@code POST /api/kvroute/drain} ({@code {"service", "server", "drained"}}), which holds or releases an operator
 * drain of one server in this proxy after the {@link CsrfGuard} checks.
 */
final class DashboardApi {
    static final String STATE = "/api/kvroute/state";
    static final String SESSION = "/api/kvroute/session";
    static final String DRAIN = "/api/kvroute/drain";
    static final int MAX_BODY_BYTES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardApi.class);

    private final ProxyRuntime runtime;
    private final TrafficSampler traffic;
    private final CsrfGuard csrf;
    private final boolean authenticated;
    private final AgentSightings sightings = new AgentSightings();

    DashboardApi(ProxyRuntime runtime, TrafficSampler traffic, CsrfGuard csrf,
            boolean authenticated) {
        this.runtime = requireNonNull(runtime, "runtime");
        this.traffic = requireNonNull(traffic, "traffic");
        this.csrf = requireNonNull(csrf, "csrf");
        this.authenticated = authenticated;
    }

    /** Answers {@code path} if it is one of these endpoints (on a worker thread: it may block); false otherwise. */
    boolean handle(HttpServerExchange exchange, String path, String user) {
        switch (path) {
            case STATE -> Responses.json(exchange, DashboardState.of(runtime, RuntimeView.of(runtime),
                    traffic.history(), sightings, samplesSince(exchange)));
            case SESSION -> Responses.json(exchange, Responses.JSON.createObjectNode()
                    .put("user", user).put("authenticated", authenticated).put("csrfToken", csrf.token(user)));
            case DRAIN -> drain(exchange, user);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code since} query parameter of a state poll: the epoch second from which the page wants traffic samples
     * (it holds the older ones from its previous polls); 0, the whole window, when absent or not a number.
     */
    static long samplesSince(HttpServerExchange exchange) {
        Deque<String> values = exchange.getQueryParameters().get("since");
        String since = values == null ? null : values.peekFirst();
        if (since == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(since));
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    private void drain(HttpServerExchange exchange, String user) {
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
            Responses.message(exchange, StatusCodes.METHOD_NOT_ALLOWED, "method not allowed (expected: POST)");
            return;
        }
        Optional<String> refusal = csrf.refusal(exchange, user);
        if (refusal.isPresent()) {
            Responses.message(exchange, StatusCodes.FORBIDDEN, "forbidden: " + refusal.get());
            return;
        }
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (type == null || !type.startsWith("application/json")) {
            Responses.message(exchange, StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type: " + type + " (expected: application/json)");
            return;
        }
        byte[] body;
        try {
            exchange.startBlocking();
            body = exchange.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            Responses.message(exchange, StatusCodes.BAD_REQUEST, "body unreadable or too large");
            return;
        }
        apply(exchange, body, user);
    }

    private void apply(HttpServerExchange exchange, byte[] body, String user) {
        if (body.length > MAX_BODY_BYTES) {
            Responses.message(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE,
                    "body: " + body.length + " bytes (expected: at most " + MAX_BODY_BYTES + ")");
            return;
        }
        JsonNode request;
        try {
            request = Responses.JSON.readTree(body);
        } catch (IOException e) {
            request = Responses.JSON.missingNode();
        }
        if (!request.path("service").isTextual() || !request.path("server").isTextual()
                || !request.path("drained").isBoolean()) {
            Responses.message(exchange, StatusCodes.BAD_REQUEST,
                    "body: expected {\"service\": \"name@provider\", \"server\": \"id\", \"drained\": true|false}");
            return;
        }
        RuntimeView view = RuntimeView.of(runtime);
        String serviceRef = request.get("service").asText();
        String serverId = request.get("server").asText();
        boolean drained = request.get("drained").asBoolean();
        Optional<ServerState> server = view.local(serviceRef)
                .flatMap(service -> Optional.ofNullable(view.servers().get(service)))
                .flatMap(servers -> servers.stream().filter(s -> s.id().equals(serverId)).findFirst());
        if (server.isEmpty()) {
            Responses.message(exchange, StatusCodes.NOT_FOUND, "server not found: service \"" + serviceRef
                    + "\" has no server \"" + serverId + "\"");
            return;
        }
        String service = view.local(serviceRef).orElseThrow();
        boolean changed = runtime.setDrained(new ServerKey(service, serverId), drained);
        LOG.info("web user '{}' {} server {} of service {}", user.isEmpty() ? "(no auth)" : user,
                drained ? "drained" : "undrained", serverId, service);
        Responses.json(exchange, Responses.JSON.createObjectNode().put("service", view.qualified(service))
                .put("server", serverId).put("drained", drained).put("changed", changed));
    }
}
