package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.kv.model.Secrets;
import io.kvroute.proxy.balancer.FailoverBalancer;
import io.kvroute.proxy.balancer.Pick;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.balancer.ServiceBalancer;
import io.kvroute.proxy.health.PassiveHealth;
import io.kvroute.proxy.middleware.ServiceRequests;
import io.kvroute.proxy.routing.ExchangeRequestView;
import io.kvroute.proxy.routing.RoutingSnapshot;
import io.kvroute.proxy.upstream.UpstreamTransport;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * {@link ServiceRequests} over the proxy's own machinery: the service's balancer in the snapshot served now (weights,
 * health, drains, sticky cookies of the client's request), the server's pooled keep-alive connections, and passive
 * health told of failed connects, timeouts and answers (500 or more: a failed attempt for a service with
 * {@code passiveHealthCheck}, as Traefik's errors middleware calls the service's whole handler, passive check included),
 * and a {@code leasttime} balancer's count in flight and time to headers; a failover's {@code errors} send the page
 * request to its fallback ({@link FailoverFallback}). A page is read whole (at most {@link #MAX_PAGE_BYTES}: a
 * longer one is answered 502, a limit of kvroute's that is no failover's reason, whose {@code errors} see the server's
 * status as Traefik's, which streams the page, does); no usable server gives 503 {@code no available server}, a
 * failed connect Traefik's status for its cause as for a client's request ({@link ConnectFailure}: 502, 504 for a
 * connect past the transport's {@code dialTimeout}, 500 for a certificate that does not verify), no response headers
 * within the transport's response header timeout (else the passive timeout) 504, as Traefik's proxy answers them.
 */
public final class ServiceCalls implements ServiceRequests {
    static final int MAX_PAGE_BYTES = 1 << 20;
    private static final ProxyClient.ProxyTarget TARGET = new ProxyClient.ProxyTarget() {
    };

    private final Supplier<ServingSnapshot> serving;
    private final ServerPools pools;
    private final PassiveHealth health;
    private final ForwardingPolicy policy;
    private final RoutingSnapshot building;

    public ServiceCalls(Supplier<ServingSnapshot> serving, ServerPools pools, PassiveHealth health,
            ForwardingPolicy policy) {
        this(serving, pools, health, policy, RoutingSnapshot.empty());
    }

    private ServiceCalls(Supplier<ServingSnapshot> serving, ServerPools pools, PassiveHealth health,
            ForwardingPolicy policy, RoutingSnapshot building) {
        this.serving = requireNonNull(serving, "serving");
        this.pools = requireNonNull(pools, "pools");
        this.health = requireNonNull(health, "health");
        this.policy = requireNonNull(policy, "policy");
        this.building = requireNonNull(building, "building");
    }

    /** These calls for chains built for {@code routing}: {@link #serves} looks at its services. */
    public ServiceCalls buildingFor(RoutingSnapshot routing) {
        return new ServiceCalls(serving, pools, health, policy, routing);
    }

    @Override
    public boolean serves(String service) {
        return building.balancers().balancer(service).isPresent();
    }

    @Override
    public void get(String service, PageRequest request, HttpServerExchange exchange, Consumer<PageResponse> done) {
        Optional<ServiceBalancer> balancer = serving.get().routing().balancers().balancer(service);
        Optional<Pick> pick = balancer.flatMap(found -> found.pick(Set.of(), new ExchangeRequestView(exchange)));
        if (pick.isEmpty()) {
            done.accept(PageResponse.failure(503, "no available server\n"));
            return;
        }
        call(pick.get(), Set.of(), request, exchange, done);
    }

    /**
     * Asks the server of {@code pick} for the page; an answer of a failover's main service with one of its
     * {@code errors} statuses (the server's, or the proxy's 502 or 504 when none came) goes to that failover's
     * fallback instead, preferring a server outside {@code tried}; a fallback that is down answers Traefik's 503.
     */
    private void call(Pick pick, Set<ServerKey> tried, PageRequest request, HttpServerExchange exchange,
            Consumer<PageResponse> done) {
        new Call(pick, request, exchange, (response, seen) -> {
            Optional<FailoverBalancer> failover = exchange.isComplete() ? Optional.empty()
                    : FailoverFallback.matching(pick, seen);
            if (failover.isEmpty()) {
                done.accept(response);
                return;
            }
            Set<ServerKey> triedNow = new HashSet<>(tried);
            triedNow.add(pick.key());
            Optional<Pick> fallback = FailoverFallback.pick(pick, failover.get(), triedNow,
                    new ExchangeRequestView(exchange));
            if (fallback.isEmpty()) {
                done.accept(PageResponse.failure(503, "Service Unavailable\n"));
                return;
            }
            call(fallback.get(), Set.copyOf(triedNow), request, exchange, done);
        }).start();
    }

    /** How a page call ended: its page (or the proxy's failure) and the status a failover around the server sees. */
    @FunctionalInterface
    private interface PageEnd {
        void ended(PageResponse page, int seen);
    }

    /**
     * One page request, from connect to the last byte; runs on the exchange's I/O thread. An exchange that ends
     * before the page came (closed, timed out) aborts it: its pooled connection, given back when the exchange ends,
     * must not be reused with this request still on it.
     */
    private final class Call {
        private final Pick pick;
        private final PageRequest request;
        private final HttpServerExchange exchange;
        private final PageEnd done;
        private final UpstreamTransport transport;
        private final ForwardingTimeouts timeouts;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private ProxyConnection connection;
        private XnioExecutor.Key deadline;
        private XnioExecutor.Key dialTimer;
        private boolean finished;

        Call(Pick pick, PageRequest request, HttpServerExchange exchange, PageEnd done) {
            this.pick = pick;
            this.request = request;
            this.exchange = exchange;
            this.done = done;
            this.transport = policy.transport(pick.transport());
            this.timeouts = transport.timeouts();
        }

        void start() {
            URI server = pick.server().uri();
            Duration headerTimeout = timeouts.responseHeaderTimeout().isZero() ? policy.passiveTimeout()
                    : timeouts.responseHeaderTimeout();
            deadline = exchange.getIoThread().executeAfter(this::timedOut, headerTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            exchange.addExchangeCompleteListener((ended, nextListener) -> {
                abort(502, "Bad Gateway");
                nextListener.proceed();
            });
            pick.inFlight().sent();
            ServerPool pool = pools.pool(server, transport, false);
            boolean limitDial = timeouts.limitsDial() && pool.available();
            ConnectFailure before = ConnectFailure.of(exchange);
            pool.connect(TARGET, exchange, new ProxyCallback<>() {
                @Override
                public void completed(HttpServerExchange ignored, ProxyConnection result) {
                    connection = result;
                    send();
                }

                @Override
                public void failed(HttpServerExchange ignored) {
                    if (finished) {
                        return;
                    }
                    health.reportFailure(pick.key(), "error page request: connect failed");
                    ConnectFailure failure = ConnectFailure.of(exchange);
                    int status = failure == null || failure == before ? 502 : failure.status();
                    finish(PageResponse.failure(status, StatusCodes.getReason(status)));
                }

                @Override
                public void couldNotResolveBackend(HttpServerExchange ignored) {
                    finish(PageResponse.failure(503, "no available server\n"));
                }

                @Override
                public void queuedRequestFailed(HttpServerExchange ignored) {
                    finish(PageResponse.failure(503, "no available server\n"));
                }
            }, timeouts.dialTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (limitDial && connection == null && !finished) {
                dialTimer = exchange.getIoThread().executeAfter(this::dialTimedOut,
                        Math.max(1, timeouts.dialTimeout().toMillis()), TimeUnit.MILLISECONDS);
            }
        }

        /** No connection within the transport's {@code dialTimeout}: Traefik's 504, as {@link ConnectAttempt}. */
        private void dialTimedOut() {
            dialTimer = null;
            if (connection == null && !finished) {
                health.reportFailure(pick.key(), "error page request: connect to "
                        + Secrets.hideUrlCredentials(pick.server().uri().toString()) + " timed out after "
                        + GoDuration.format(timeouts.dialTimeout()));
                finish(PageResponse.failure(504, "Gateway Timeout"));
            }
        }

        private void send() {
            if (finished) {
                return;
            }
            ClientRequest page = new ClientRequest().setMethod(Methods.GET).setPath(path());
            HeaderMap headers = page.getRequestHeaders();
            for (HeaderValues values : request.headers()) {
                headers.putAll(values.getHeaderName(), values);
            }
            headers.put(Headers.HOST, OwnServerCalls.host(pick, request.host()));
            OwnServerCalls.send(connection.getConnection(), page, sent -> { }, answered -> {
                pick.inFlight().answered();
                health.reportAnswer(pick.key(), answered.getResponse().getResponseCode());
                read(answered);
            }, failure -> abort(502, "Bad Gateway"));
        }

        private String path() {
            String prefix = connection.getTargetPath();
            if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
                return request.pathAndQuery();
            }
            return (prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix)
                    + request.pathAndQuery();
        }

        private void read(ClientExchange answered) {
            if (deadline != null) {
                deadline.remove();
            }
            OwnServerCalls.readBody(answered.getResponseChannel(), () -> finished, (bytes, length) -> {
                if (body.size() + length > MAX_PAGE_BYTES) {
                    close();
                    finish(PageResponse.failure(502, "Bad Gateway"), answered.getResponse().getResponseCode());
                    return;
                }
                body.write(bytes, 0, length);
            }, source -> {
                IoUtils.safeClose(source);
                HeaderMap headers = new HeaderMap();
                for (HeaderValues values : answered.getResponse().getResponseHeaders()) {
                    headers.putAll(values.getHeaderName(), values);
                }
                finish(new PageResponse(answered.getResponse().getResponseCode(), headers, body.toByteArray(),
                        false));
            }, e -> abort(502, "Bad Gateway"));
        }

        private void timedOut() {
            deadline = null;
            if (!finished) {
                health.reportTimeout(pick.key(), "error page request: no response headers in time");
                abort(504, "Gateway Timeout");
            }
        }

        /** Ends the call without a page: the connection is closed, never reused. */
        private void abort(int status, String text) {
            if (finished) {
                return;
            }
            close();
            finish(PageResponse.failure(status, text));
        }

        private void close() {
            if (connection != null) {
                IoUtils.safeClose(connection.getConnection());
            }
        }

        private void finish(PageResponse response) {
            finish(response, response.status());
        }

        /** Ends the call with {@code response}; a failover around the server sees {@code seen}. */
        private void finish(PageResponse response, int seen) {
            if (finished) {
                return;
            }
            finished = true;
            if (deadline != null) {
                deadline.remove();
            }
            if (dialTimer != null) {
                dialTimer.remove();
                dialTimer = null;
            }
            pick.inFlight().end();
            done.ended(response, seen);
        }
    }
}
