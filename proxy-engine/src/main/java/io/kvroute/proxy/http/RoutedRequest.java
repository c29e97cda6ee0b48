package io.kvroute.proxy.http;

import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.balancer.FailoverBalancer;
import io.kvroute.proxy.balancer.Pick;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.routing.RouteMatch;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the entry point decided for one exchange (the route, and which entry point it was) and what the proxy client has tried so far (servers
 * that failed to connect or to answer in time are not picked again when the request is retried; a timeout is retried
 * once). Lives as an exchange attachment.
 */
public final class RoutedRequest {
    static final AttachmentKey<RoutedRequest> KEY = AttachmentKey.create(RoutedRequest.class);

    private final RouteMatch match;
    private final String entryPoint;
    private Set<ServerKey> tried = Set.of();
    private Pick current;
    private boolean retriedAfterTimeout;
    private boolean answered;
    private boolean balanced;
    /** The status of the server's answer passed on; 0 while none was. */
    private int originStatus;
    /** {@link System#nanoTime()} at the first pick of a server. */
    private long firstAttemptNanos;
    private boolean statusRetryPending;
    /** The servers picked in the current attempt (the first send or a retry, with its sends to fallbacks). */
    private Set<ServerKey> triedInAttempt = Set.of();
    /**
     * The failover whose main service answered the current attempt with one of its {@code errors} statuses, whose
     * fallback the next pick is from; null when none did.
     */
    private FailoverBalancer fallbackOf;
    /** The failovers with {@code errors} around {@link #fallbackOf}, innermost first. */
    private List<FailoverBalancer> aroundFallback = List.of();
    private boolean fallbackPending;
    /** Whether the current attempt's server is a failover's fallback after its main service's answer. */
    private boolean atFallback;
    /**
     * How many times the request was sent through the route's service: the first time and each retry; a failover's
     * fallback within one is part of it.
     */
    private int attempts;

    RoutedRequest(RouteMatch match, String entryPoint) {
        this.match = match;
        this.entryPoint = entryPoint;
    }

    static RoutedRequest attach(HttpServerExchange exchange, RouteMatch match, String entryPoint) {
        RoutedRequest routed = new RoutedRequest(match, entryPoint);
        exchange.putAttachment(KEY, routed);
        return routed;
    }

    /** The routing decision of an exchange, or null when no route matched. */
    public static RoutedRequest of(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY);
    }

    public RouteMatch match() {
        return match;
    }

    /** The name of the entry point the request arrived on. */
    public String entryPoint() {
        return entryPoint;
    }

    /** The server the current attempt goes to, or null before the first pick. */
    public BalancedServer server() {
        return current == null ? null : current.server();
    }

    /** The pick of the current attempt, or null before the first pick. */
    Pick pick() {
        return current;
    }

    /** The servers picked for the request so far, in every attempt. */
    Set<ServerKey> tried() {
        return tried;
    }

    /** The servers picked in the current attempt. */
    Set<ServerKey> triedInAttempt() {
        return triedInAttempt;
    }

    /** Notes the pick of a new attempt: the one before stops counting as in flight on its server. */
    void attempt(Pick pick) {
        if (current == null) {
            firstAttemptNanos = System.nanoTime();
        }
        ended();
        current = pick;
        tried = with(tried, pick.key());
        triedInAttempt = with(triedInAttempt, pick.key());
    }

    /**
     * Notes that the request goes through the route's service once more, the first time or as a retry: as Traefik's
     * retry middleware calls the whole service handler again, each failover asks its main service first again.
     */
    void beginAttempt() {
        attempts++;
        triedInAttempt = Set.of();
        fallbackOf = null;
        aroundFallback = List.of();
        atFallback = false;
    }

    /**
     * {@code servers} and {@code server}, as an immutable set: the sets of tried servers are replaced, not changed, as
     * most requests pick one server only (one small set each, no hash table per request).
     */
    private static Set<ServerKey> with(Set<ServerKey> servers, ServerKey server) {
        if (servers.contains(server)) {
            return servers;
        }
        if (servers.isEmpty()) {
            return Set.of(server);
        }
        Set<ServerKey> more = new HashSet<>(servers);
        more.add(server);
        return Set.copyOf(more);
    }

    /** Notes that the request is no longer in flight on the current attempt's server (the exchange ended). */
    void ended() {
        if (current != null) {
            current.inFlight().end();
        }
    }

    /**
     * How many attempts were begun for the request (1 after the first pick), as Traefik's retry middleware counts them:
     * a server picked again counts again, a failover's fallback after its main service's answer does not.
     */
    int attempts() {
        return attempts;
    }

    /** True once the request went to another server because one sent no response headers in time. */
    boolean retriedAfterTimeout() {
        return retriedAfterTimeout;
    }

    void retryAfterTimeout() {
        retriedAfterTimeout = true;
    }

    /** Notes that the answer of the current attempt is held back and the request goes to another server. */
    void statusRetry() {
        statusRetryPending = true;
    }

    /** True between {@link #statusRetry()} and the next pick, which {@link #takeStatusRetry()} ends. */
    boolean statusRetryPending() {
        return statusRetryPending;
    }

    /** Whether the next pick is a status retry; the pick takes it. */
    boolean takeStatusRetry() {
        boolean pending = statusRetryPending;
        statusRetryPending = false;
        return pending;
    }

    /**
     * Notes that the current attempt's answer, from the main service of {@code failover}, is dropped for one of its
     * {@code errors} statuses: the next pick goes to the failover's fallback, whose answer the failovers with
     * {@code errors} around it (named by the current pick after it) may still send to theirs.
     */
    void fallBack(FailoverBalancer failover) {
        List<FailoverBalancer> named = current.statusFailovers();
        fallbackOf = failover;
        aroundFallback = List.copyOf(named.subList(named.indexOf(failover) + 1, named.size()));
        fallbackPending = true;
    }

    /** The failover whose fallback the pick after {@link #takeFallback()} is from. */
    FailoverBalancer fallbackOf() {
        return fallbackOf;
    }

    /** The failovers with {@code errors} around {@link #fallbackOf()}, innermost first. */
    List<FailoverBalancer> aroundFallback() {
        return aroundFallback;
    }

    /** True between {@link #fallBack} and the next pick, which {@link #takeFallback()} ends. */
    boolean fallbackPending() {
        return fallbackPending;
    }

    /** Whether the next pick goes to a failover's fallback; the pick takes it. */
    boolean takeFallback() {
        boolean pending = fallbackPending;
        fallbackPending = false;
        atFallback |= pending;
        return pending;
    }

    /**
     * Whether the current pick is the request's first send: its first attempt, not a failover's fallback in it (a
     * retry to the server already tried is no first send).
     */
    boolean firstSend() {
        return attempts == 1 && !atFallback;
    }

    /** Whether the current pick went to a failover's fallback within the attempt, not to a retry. */
    boolean atFallback() {
        return atFallback;
    }

    /** Notes that the service's balancer was asked for a server (whether or not one was usable). */
    void balance() {
        balanced = true;
    }

    /** True once the service's balancer was asked for a server: the request reached its service. */
    public boolean balanced() {
        return balanced;
    }

    /** Notes that a server's response headers with {@code status} reached the proxy (a refused 101 does not count). */
    void answered(int status) {
        answered = true;
        originStatus = status;
    }

    /** The status the server answered with, passed on to the client; 0 if no server's answer was (Traefik's 0). */
    public int originStatus() {
        return originStatus;
    }

    /**
     * How many times the request was sent again after a first attempt (Traefik's RetryAttempts): a failover's fallback
     * within an attempt is no retry.
     */
    public int retryAttempts() {
        return Math.max(0, attempts - 1);
    }

    /** {@link System#nanoTime()} when the first server was picked; meaningful only once {@link #server()} is set. */
    public long firstAttemptNanos() {
        return firstAttemptNanos;
    }

    /**
     * True if a server was picked for this request but none answered it: every connect failed or timed out, no
     * response headers came in time, the connection broke before them, or a 101 the client did not ask for was
     * refused. The client's answer is then kvroute's own (502, 503 or 504), not a server's: the circuit breaker's
     * network errors.
     */
    public boolean failedBeforeAnswer() {
        return current != null && !answered;
    }
}
