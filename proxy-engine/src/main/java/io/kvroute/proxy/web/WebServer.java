package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.cli.CannotListen;
import io.kvroute.kv.model.BasicAuth;
import io.kvroute.proxy.middleware.MiddlewareChain;
import io.kvroute.proxy.middleware.MiddlewareException;
import io.kvroute.proxy.middleware.MiddlewareWarning;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --web} listener: the dashboard page, Traefik's API, kvroute's dashboard endpoints (with the drain
 * action), Prometheus {@code /metrics} and {@code /ping}. Every request first passes the {@link PathGuard} (one
 * canonical spelling per path); then only the exact path {@code /ping} is open, everything else needs basic auth when
 * users are configured, and a client with too many failed logins is refused for a while ({@link LoginThrottle}).
 * Without users it listens on loopback only and answers only loopback {@code Host} names, so other sites cannot reach
 * it through DNS rebinding. Requests are small: 16 KiB of headers, 16 KiB of body.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final long MAX_BODY_BYTES = 16 * 1024;

    private final Undertow undertow;
    private final TrafficSampler traffic;

    private WebServer(Undertow undertow, TrafficSampler traffic) {
        this.undertow = undertow;
        this.traffic = traffic;
    }

    /**
     * Starts the listener over {@code runtime}, with {@code registry}'s meters on {@code /metrics}.
     *
     * @throws IllegalArgumentException when the users cannot be read or have a hash kvroute cannot check, naming
     *         the flag
     * @throws CannotListen when {@code --web.address} cannot be bound (busy, privileged port)
     */
    public static WebServer start(WebOptions options, ProxyRuntime runtime, PrometheusMeterRegistry registry) {
        return start(options, runtime, registry, Clock.systemUTC());
    }

    /** {@link #start(WebOptions, ProxyRuntime, PrometheusMeterRegistry)} with the login throttle on {@code clock}. */
    static WebServer start(WebOptions options, ProxyRuntime runtime, PrometheusMeterRegistry registry, Clock clock) {
        requireNonNull(options, "options");
        requireNonNull(runtime, "runtime");
        requireNonNull(registry, "registry");
        TrafficSampler traffic = TrafficSampler.start(registry);
        String version = Optional.ofNullable(WebServer.class.getPackage().getImplementationVersion()).orElse("dev");
        WebRoutes routes = new WebRoutes(Assets.load(), registry, new TraefikApi(runtime, version),
                new DashboardApi(runtime, traffic, new CsrfGuard(), options.requiresAuth()),
                new CurrentRedaction(runtime::config));
        HttpHandler protectedPaths;
        try {
            protectedPaths = options.requiresAuth() ? new LoginThrottle(clock).wrap(authenticated(options, routes))
                    : new LoopbackHostGuard(routes);
        } catch (IllegalArgumentException e) {
            traffic.close();
            throw e;
        }
        HttpHandler root = new SecurityHeaders(new PathGuard(exchange -> {
            if (exchange.getRequestPath().equals("/ping")
                    && (exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD))) {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                exchange.getResponseSender().send("OK");
                return;
            }
            protectedPaths.handleRequest(exchange);
        }));
        Undertow undertow = Undertow.builder()
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_BODY_BYTES)
                .setServerOption(UndertowOptions.MAX_HEADERS, 100)
                .setServerOption(UndertowOptions.MAX_PARAMETERS, 50)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                .addHttpListener(options.address().getPort(), options.address().getHostString(), root)
                .build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            traffic.close();
            throw new CannotListen("--web.address", options.address(), e);
        }
        WebServer server = new WebServer(undertow, traffic);
        LOG.info("dashboard and API on http://{}:{}/ ({})", server.address().getHostString(), server.address().getPort(),
                options.requiresAuth() ? "basic auth" : "loopback only, no auth");
        return server;
    }

    private static HttpHandler authenticated(WebOptions options, HttpHandler routes) {
        BasicAuth auth = new BasicAuth("web", options.users(), options.usersFile().map(Path::toString),
                Optional.of("kvroute"), true, Optional.of(WebRoutes.USER_HEADER.toString()));
        MiddlewareChain chain;
        try {
            chain = MiddlewareChain.build(List.of(auth), routes);
        } catch (MiddlewareException e) {
            throw new IllegalArgumentException("--web.auth.basic/--web.auth.usersfile: " + e.getMessage(), e);
        }
        if (!chain.warnings().isEmpty()) {
            throw new IllegalArgumentException("--web.auth.basic/--web.auth.usersfile: "
                    + chain.warnings().stream().map(MiddlewareWarning::message).toList());
        }
        return chain.handler();
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    }

    @Override
    public void close() {
        undertow.stop();
        traffic.close();
    }
}
