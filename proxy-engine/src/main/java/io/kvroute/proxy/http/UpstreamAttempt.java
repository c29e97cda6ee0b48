package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.proxy.balancer.Pick;
import io.kvroute.proxy.health.PassiveHealth;
import io.kvroute.proxy.middleware.BufferRetry;
import io.kvroute.proxy.upstream.UpstreamTransport;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.time.Duration;
import java.util.Set;

/**
 * One attempt of a request on one server: which server, how long its response headers may take (the transport's
 * {@code responseHeaderTimeout}, else kvroute's passive limit), whom to tell, and whether a request that got no
 * response headers may go to another server instead.
 */
final class UpstreamAttempt {
    /** Methods whose request may be sent twice (RFC 9110 safe methods), as long as it has no body. */
    private static final Set<HttpString> RETRIED_METHODS = Set.of(Methods.GET, Methods.HEAD, Methods.OPTIONS,
            Methods.TRACE);

    private final Pick pick;
    private final UpstreamTransport transport;
    private final ForwardingTimeouts timeouts;
    private final Duration passiveTimeout;
    private final PassiveHealth health;
    private final RoutedRequest routed;
    private final int retries;

    UpstreamAttempt(Pick pick, UpstreamTransport transport, Duration passiveTimeout, PassiveHealth health,
            RoutedRequest routed, int retries) {
        this.pick = requireNonNull(pick, "pick");
        this.transport = requireNonNull(transport, "transport");
        this.timeouts = transport.timeouts();
        this.passiveTimeout = requireNonNull(passiveTimeout, "passiveTimeout");
        this.health = requireNonNull(health, "health");
        this.routed = requireNonNull(routed, "routed");
        this.retries = retries;
    }

    Pick pick() {
        return pick;
    }

    PassiveHealth health() {
        return health;
    }

    /** The server's transport. */
    UpstreamTransport transport() {
        return transport;
    }

    /** The timeouts of the server's transport. */
    ForwardingTimeouts timeouts() {
        return timeouts;
    }

    /** Traefik's {@code responseHeaderTimeout} of the server's transport: 504 when it passes; zero for none. */
    Duration headerLimit() {
        return timeouts.limitsResponseHeaders() ? timeouts.responseHeaderTimeout() : Duration.ZERO;
    }

    /** kvroute's passive limit, which applies only where the transport sets no header limit; zero when off. */
    Duration passiveLimit() {
        return timeouts.limitsResponseHeaders() ? Duration.ZERO : passiveTimeout;
    }

    /**
     * True if a request that got no response headers from this server may be sent once more to another one: a
     * safe method without a body, read whole before it was sent, not yet retried after a timeout, within the route's
     * retries and its retry middleware's {@code timeout} (unless it disables retries on network errors), and some other server of the service is usable now.
     */
    boolean mayRetryElsewhere(HttpServerExchange exchange) {
        return RETRIED_METHODS.contains(exchange.getRequestMethod()) && !hasBody(exchange)
                && exchange.isRequestComplete() && !routed.retriedAfterTimeout() && routed.attempts() <= retries
                && SnapshotProxyClient.retryWithinBudget(exchange) && SnapshotProxyClient.retriesNetworkErrors(exchange)
                && routed.match().balancer().hasUsableServer(routed.tried());
    }

    /**
     * Whether a request whose server sent no response headers in time is sent again: with a buffering retry when its
     * expression holds for 504 (Traefik's answer to the timeout), its body held and a server usable; else
     * {@link #mayRetryElsewhere}.
     */
    boolean retriesAfterTimeout(HttpServerExchange exchange) {
        return BufferRetry.of(exchange).map(retry -> ReplayBody.of(exchange) != null
                && retry.retries(routed.attempts(), StatusCodes.GATEWAY_TIME_OUT, exchange.getRequestMethod().toString())
                && routed.match().balancer().hasUsableServer(Set.of())).orElseGet(() -> mayRetryElsewhere(exchange));
    }

    /**
     * Notes that the request goes to another server after this one timed out; with a buffering retry, that the
     * next pick is that retry, already decided.
     */
    void retryingElsewhere(HttpServerExchange exchange) {
        routed.retryAfterTimeout();
        if (BufferRetry.of(exchange).isPresent()) {
            routed.statusRetry();
        }
    }

    private static boolean hasBody(HttpServerExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
        return exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)
                || (length != null && !length.equals("0"));
    }
}
