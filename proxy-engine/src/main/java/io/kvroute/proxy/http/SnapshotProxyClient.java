package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.FailoverBalancer;
import io.kvroute.proxy.balancer.Pick;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.Retry;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.balancer.StickyPin;
import io.kvroute.proxy.health.PassiveHealth;
import io.kvroute.proxy.middleware.BufferRetry;
import io.kvroute.proxy.middleware.RetryPolicy;
import io.kvroute.proxy.middleware.StatusRetry;
import io.kvroute.proxy.middleware.V1PassTlsCertHandler;
import io.kvroute.proxy.routing.ExchangeRequestView;
import io.kvroute.proxy.routing.RouteMatch;
import io.kvroute.proxy.upstream.ServerTls;
import io.kvroute.proxy.upstream.UpstreamTransport;
import io.undertow.predicate.IdempotentPredicate;
import io.undertow.predicate.Predicate;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Undertow's {@link ProxyClient} over the routing snapshot: the route was chosen by the entry point; this picks the
 * server from the route's balancer (weights, health, drains, sticky cookies), never one already tried for this
 * request, and connects through the server's pool ({@link ServerPools}). No usable server: {@code null}, which
 * Undertow's ProxyHandler answers with 503 (Traefik's status instead when a connect failed for a known cause,
 * {@link ConnectFailure}). A failed connect is reported for passive ejection, and ProxyHandler
 * retries idempotent requests, which come back here and get a different server. With a retry middleware on the
 * router ({@link RetryPolicy}), a retry is not begun once the policy's {@code timeout} has passed (answered as when
 * the retries are used up), and its connect waits the policy's backoff first, on a timer of the exchange's I/O thread
 * (nothing is connected if the exchange was answered meanwhile, e.g. by the request timeout). ProxyHandler gets each
 * connection as
 * an {@link UpstreamConnection}: closing it aborts rather than completes the request, a 101 the client did not ask
 * for is refused, and response headers that do not come in time end the attempt ({@link HeaderWait}: 504, or once
 * more on another server). With a buffering {@code retryExpression} on the router ({@link BufferRetry}) the expression
 * alone decides every retry (a network error is its 502, and it may pick the server just tried, as Traefik's balancer
 * may), up to {@link BufferRetry#MAX_RETRIES} times.
 */
public final class SnapshotProxyClient implements ProxyClient {
    private final ServerPools pools;
    private final PassiveHealth health;
    private final ForwardingPolicy policy;
    private final int connectRetries;
    private final MirrorCalls mirrors;
    /** The transport of the servers whose service names none ({@link ForwardingPolicy#transport}), made once. */
    private final UpstreamTransport staticDefault;

    /**
     * @param health         told of failed connects, timeouts and answers; asked whether a server is failing
     * @param policy         the default transport's timeouts and the passive limit
     * @param connectRetries how many other servers a request is retried on, unless its router's retry middleware says
     */
    public SnapshotProxyClient(ServerPools pools, PassiveHealth health, ForwardingPolicy policy, int connectRetries) {
        this.pools = requireNonNull(pools, "pools");
        this.health = requireNonNull(health, "health");
        this.policy = requireNonNull(policy, "policy");
        this.connectRetries = connectRetries;
        this.mirrors = new MirrorCalls(health, policy);
        this.staticDefault = UpstreamTransport.staticDefault(policy.defaultTransport());
    }

    /**
     * How many times a request of {@code route} may be sent again: {@link BufferRetry#MAX_RETRIES} with a buffering
     * {@code retryExpression}, else on how many other servers: its last retry middleware's, or the default.
     */
    public int retries(RouteMatch route) {
        if (BufferRetry.configuredIn(route.middlewares())) {
            return BufferRetry.MAX_RETRIES;
        }
        // a loop over the list by index, as this runs for every request: no stream, no iterator to allocate
        List<Middleware> middlewares = route.middlewares();
        int retries = connectRetries;
        for (int i = 0; i < middlewares.size(); i++) {
            if (middlewares.get(i) instanceof Retry retry) {
                retries = Math.max(0, retry.attempts() - 1);
            }
        }
        return retries;
    }

    /**
     * How many times ProxyHandler may send a request of {@code route} again: each of its {@link #retries} and its first
     * attempt may also go to the fallback of each failover with {@code errors} in its service after its main service.
     */
    public int connectionRetries(RouteMatch route) {
        return (retries(route) + 1) * (1 + FailoverBalancer.statusFailovers(route.balancer())) - 1;
    }

    /** The server a request goes to, and the pool of connections to it. */
    record ServerTarget(Pick pick, ServerPool pool) implements ProxyTarget {
    }

    @Override
    public ProxyTarget findTarget(HttpServerExchange exchange) {
        RoutedRequest routed = RoutedRequest.of(exchange);
        if (routed == null) {
            return null;
        }
        boolean fallback = false;
        if (routed.tried().isEmpty()) {
            routed.beginAttempt();
        } else if (routed.takeFallback()) {
            fallback = true;
        } else {
            if (!mayRetry(exchange, routed)) {
                return null;
            }
            routed.beginAttempt();
        }
        routed.balance();
        Set<ServerKey> excluded = BufferRetry.of(exchange).isPresent() ? Set.of() : routed.tried();
        ExchangeRequestView request = new ExchangeRequestView(exchange);
        Optional<Pick> pick = fallback ? pickFallback(routed, excluded, request)
                : routed.match().balancer().pick(excluded, request);
        if (pick.isEmpty()) {
            return null;
        }
        Pick chosen = pick.get();
        if (routed.tried().isEmpty()) {
            firstPick(exchange, routed, chosen);
        }
        routed.attempt(chosen);
        List<StickyPin> pins = chosen.cookiesToSet();
        for (int i = 0; i < pins.size(); i++) {
            exchange.getResponseHeaders().add(Headers.SET_COOKIE, pins.get(i).setCookieHeader());
        }
        if (!chosen.passHostHeader()) {
            exchange.getRequestHeaders().put(Headers.HOST, authority(chosen));
        }
        return new ServerTarget(chosen, pools.pool(chosen.server().uri(), transport(exchange, chosen),
                exchange.getRequestHeaders().contains(Headers.UPGRADE)));
    }

    /**
     * The pick from the fallback of the failover whose main service answered the attempt with one of its
     * {@code errors} statuses, never through the services around that failover again (Traefik's failover hands the
     * request to its fallback itself): a server not tried for the request yet, else one tried in an earlier attempt
     * only, as Traefik's retry middleware calls the fallback again on each attempt
     * ({@link FailoverBalancer#pickFallback}).
     */
    private static Optional<Pick> pickFallback(RoutedRequest routed, Set<ServerKey> excluded,
            ExchangeRequestView request) {
        Set<ServerKey> inAttempt = excluded.isEmpty() ? Set.of() : routed.triedInAttempt();
        return routed.fallbackOf().pickFallback(excluded, inAttempt, request, routed.aroundFallback());
    }

    /**
     * The transport of {@code pick}'s service, with the TLS a Traefik 1.7 {@code passTLSCert} frontend gave the
     * exchange ({@link V1PassTlsCertHandler}) if one did.
     */
    UpstreamTransport transport(HttpServerExchange exchange, Pick pick) {
        UpstreamTransport transport = pick.transport().orElse(staticDefault);
        Optional<ServerTls> passedTls = V1PassTlsCertHandler.backendTls(exchange);
        return passedTls.isPresent() ? transport.withTls(passedTls.get()) : transport;
    }

    /**
     * What the first pick of a request sets up: the count of the request in flight ends with the exchange, and the
     * mirrors the pick names get their copies once the exchange has ended.
     */
    private void firstPick(HttpServerExchange exchange, RoutedRequest routed, Pick chosen) {
        exchange.addExchangeCompleteListener((ended, next) -> {
            routed.ended();
            next.proceed();
        });
        if (!chosen.mirrors().isEmpty()) {
            String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
            MirroredRequest mirrored = MirroredRequest.attach(exchange, chosen.mirrors(), host == null ? "" : host,
                    new ExchangeRequestView(exchange).clientAddress());
            exchange.addExchangeCompleteListener((ended, next) -> {
                try {
                    mirrors.send(ended, mirrored);
                } finally {
                    next.proceed();
                }
            });
        }
    }

    /**
     * Whether a retry may begin (a failover's fallback after its main service answered with one of its {@code errors}
     * statuses is no retry: it is part of the attempt): within the route's retries and the retry middleware's
     * {@code timeout}, and for a network error only when its
     * {@code disableRetryOnNetworkError} is not set (a status retry was decided by {@link UpstreamExchange}). With a
     * buffering retry, a network error is retried when its body is held and the expression holds for Traefik's
     * answer to it ({@link ConnectFailure#statusOf}: 500 for a certificate that does not verify, 504 for a dial
     * timeout, 502 otherwise).
     */
    private boolean mayRetry(HttpServerExchange exchange, RoutedRequest routed) {
        if (routed.attempts() > retries(routed.match())) {
            return false;
        }
        Optional<BufferRetry> bufferRetry = BufferRetry.of(exchange);
        if (bufferRetry.isPresent()) {
            return routed.takeStatusRetry() || ReplayBody.of(exchange) != null && bufferRetry.get().retries(
                    routed.attempts(), ConnectFailure.statusOf(exchange), exchange.getRequestMethod().toString());
        }
        return retryWithinBudget(exchange) && (routed.takeStatusRetry() || retriesNetworkErrors(exchange));
    }

    /** Whether the router's retry middleware, if any, retries network errors (not {@code disableRetryOnNetworkError}). */
    static boolean retriesNetworkErrors(HttpServerExchange exchange) {
        return StatusRetry.of(exchange).map(StatusRetry::networkErrors).orElse(true);
    }

    /**
     * Undertow's idempotent methods, whose requests ProxyHandler sends again after a failure, and any request a status
     * retry sends to another server (Traefik retries statuses for every method but POST, PATCH and LOCK, and for those
     * with {@code retryNonIdempotentMethod}; {@link UpstreamExchange} decides), and any request with a buffering retry
     * (its expression decides, in {@link #findTarget}), and any request a failover sends to its fallback.
     */
    public static final Predicate RETRIED_REQUESTS = exchange -> IdempotentPredicate.INSTANCE.resolve(exchange)
            || BufferRetry.of(exchange).isPresent()
            || RoutedRequest.of(exchange) != null && (RoutedRequest.of(exchange).statusRetryPending()
                    || RoutedRequest.of(exchange).fallbackPending());

    /** Whether the router's retry middleware, if any, still allows a retry by its {@code timeout}. */
    static boolean retryWithinBudget(HttpServerExchange exchange) {
        return RetryPolicy.of(exchange).map(policy -> policy.withinBudget(RetryPolicy.elapsed(exchange)))
                .orElse(true);
    }

    private static String authority(Pick pick) {
        var uri = pick.server().uri();
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
            long timeout, TimeUnit timeUnit) {
        ServerTarget server = (ServerTarget) target;
        RoutedRequest routed = RoutedRequest.of(exchange);
        int retry = routed.attempts() - 1;
        Duration backoff = retry < 1 || routed.atFallback() ? Duration.ZERO : RetryPolicy.of(exchange)
                .map(policy -> policy.delayBeforeRetry(retry, ThreadLocalRandom.current())).orElse(Duration.ZERO);
        if (routed.firstSend()) {
            Runnable hold = () -> ReplayBody.hold(exchange,
                    () -> connect(server, exchange, routed, callback, timeout, timeUnit));
            MirroredRequest mirrored = MirroredRequest.of(exchange);
            if (mirrored == null) {
                hold.run();
            } else {
                MirrorBody.read(exchange, mirrored, MirrorCalls.BODY_BUDGET, hold);
            }
            return;
        }
        if (backoff.isZero()) {
            connect(server, exchange, routed, callback, timeout, timeUnit);
            return;
        }
        exchange.getIoThread().executeAfter(() -> {
            if (!exchange.isResponseStarted() && !exchange.isComplete()) {
                connect(server, exchange, routed, callback, timeout, timeUnit);
            }
        }, Math.max(1, backoff.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void connect(ServerTarget server, HttpServerExchange exchange, RoutedRequest routed,
            ProxyCallback<ProxyConnection> callback, long timeout, TimeUnit timeUnit) {
        UpstreamAttempt attempt = new UpstreamAttempt(server.pick(), transport(exchange, server.pick()),
                policy.passiveTimeout(), health, routed, retries(routed.match()));
        ConnectFailure.clear(exchange);
        server.pick().inFlight().sent();
        ConnectAttempt connect = new ConnectAttempt(attempt, callback);
        boolean limitDial = attempt.timeouts().limitsDial() && server.pool().available();
        server.pool().connect(server, exchange, connect, timeout, timeUnit);
        if (limitDial && !connect.settled()) {
            connect.limitDial(exchange, attempt.timeouts().dialTimeout());
        }
    }
}
