package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.http.RoutedRequest;
import io.kvroute.proxy.upstream.ServerTls;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.StatusCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A Traefik 1.7 frontend's {@code passTLSCert} (kvroute's derived type
 * {@link io.kvroute.kv.model.MiddlewareTypes#V1_PASS_TLS_CERT}): its requests go to {@code https} servers with the TLS
 * of the entry point they came in on ({@link EntryPointClientTls}), the rest of the service's transport (timeouts,
 * idle connections, HTTP/2) unchanged; {@code http} servers are spoken to as before. 1.7 builds no forwarder for such
 * a frontend on an entry point without TLS ({@code no TLS provided}) and skips the frontend: a frontend with an entry
 * point the proxy serves without TLS (all of them when it names none) leaves the router out. When the entry point's
 * TLS cannot be made from the TLS state of the moment (logged when it changed), the request is answered 404 as the
 * frontend 1.7 would not have built.
 */
public final class V1PassTlsCertHandler implements HttpHandler {
    private static final AttachmentKey<ServerTls> BACKEND_TLS = AttachmentKey.create(ServerTls.class);

    private final EntryPointClientTls clientTls;
    private final HttpHandler next;

    private V1PassTlsCertHandler(EntryPointClientTls clientTls, HttpHandler next) {
        this.clientTls = requireNonNull(clientTls, "clientTls");
        this.next = requireNonNull(next, "next");
    }

    /**
     * What wraps a next handler in {@code middleware}'s TLS to servers.
     *
     * @throws MiddlewareException naming the key and the entry points without TLS, if the frontend has any
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        List<String> named = settings.strings("entryPoints");
        String key = settings.text("key").orElse("passTLSCert");
        settings.requireAllRead();
        List<String> plain = new ArrayList<>();
        for (String name : named.isEmpty() ? context.entryPointNames() : named) {
            context.entryPoint(name).filter(target -> !target.tls()).ifPresent(target -> plain.add(name));
        }
        if (!plain.isEmpty()) {
            throw new MiddlewareException(MiddlewareException.Kind.SETTING_NOT_APPLIED, middleware.name(),
                    middleware.type(), key + " \"true\" on entry points without TLS " + plain + ": Traefik 1.7 then "
                            + "builds no forwarder for the frontend (no TLS provided) and skips it; the router is left "
                            + "out (expected: TLS entry points only)");
        }
        EntryPointClientTls clientTls = context.clientTls();
        return next -> new V1PassTlsCertHandler(clientTls, next);
    }

    /** The TLS to {@code https} servers a {@code passTLSCert} frontend gave {@code exchange}, if one did. */
    public static Optional<ServerTls> backendTls(HttpServerExchange exchange) {
        return Optional.ofNullable(exchange.getAttachment(BACKEND_TLS));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        RoutedRequest routed = RoutedRequest.of(exchange);
        if (routed == null) {
            next.handleRequest(exchange);
            return;
        }
        Optional<ServerTls> tls = clientTls.of(routed.entryPoint());
        if (tls.isEmpty()) {
            exchange.setStatusCode(StatusCodes.NOT_FOUND);
            exchange.getResponseSender().send("404 page not found\n");
            return;
        }
        exchange.putAttachment(BACKEND_TLS, tls.get());
        next.handleRequest(exchange);
    }
}
