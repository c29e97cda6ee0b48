package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.BasicAuth;
import io.kvroute.proxy.middleware.MiddlewareChain;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --web} listener: {@code /ping} and Prometheus {@code /metrics}, behind basic auth when users are given.
 * It refuses to listen beyond loopback without auth, so metrics and admin actions are never open to the network
 * by accident (Traefik's {@code api.insecure}, fabio#25).
 */
public final class WebServer implements AutoCloseable {
    private final Undertow undertow;

    private WebServer(Undertow undertow) {
        this.undertow = undertow;
    }

    /**
     * Starts the listener.
     *
     * @param users {@code user:hash} entries (bcrypt, apr1, SHA), as Traefik's basicAuth takes them
     * @throws IllegalArgumentException when the address is not loopback and no user is given
     */
    public static WebServer start(InetSocketAddress address, List<String> users, PrometheusMeterRegistry registry) {
        requireNonNull(address, "address");
        requireNonNull(registry, "registry");
        if (users.isEmpty() && !isLoopback(address)) {
            throw new IllegalArgumentException("--web.address: " + address.getHostString() + ":" + address.getPort()
                    + " is reachable beyond this machine (expected: a loopback address, or --web.auth.basic=USER:HASH)");
        }
        HttpHandler root = new PathHandler(exchange -> {
                    exchange.setStatusCode(StatusCodes.NOT_FOUND);
                    exchange.getResponseSender().send("404 page not found\n");
                })
                .addExactPath("/ping", exchange -> exchange.getResponseSender().send("OK"))
                .addExactPath("/metrics", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    exchange.getResponseSender().send(registry.scrape());
                });
        if (!users.isEmpty()) {
            BasicAuth auth = new BasicAuth("web", users, Optional.empty(), Optional.of("kvroute"), true, Optional.empty());
            root = MiddlewareChain.build(List.of(auth), root).handler();
        }
        Undertow undertow = Undertow.builder().addHttpListener(address.getPort(), address.getHostString(), root).build();
        undertow.start();
        return new WebServer(undertow);
    }

    private static boolean isLoopback(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        return ip != null && ip.isLoopbackAddress();
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
