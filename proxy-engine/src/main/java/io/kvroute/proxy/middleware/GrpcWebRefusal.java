package io.kvroute.proxy.middleware;

import io.kvroute.kv.model.Middleware;
import io.undertow.server.HttpHandler;
import java.util.function.UnaryOperator;

/**
 * Traefik's {@code grpcWeb}, refused with what it lacks: it turns gRPC-Web requests into gRPC, which must reach the
 * servers over HTTP/2 with response trailers (Traefik speaks h2c with prior knowledge to {@code h2c://} servers and h2
 * to {@code https://} ones). kvroute's proxy client cannot: it connects to an {@code h2c://} server by an HTTP/1.1
 * upgrade, which gRPC servers refuse, to no {@code https://} server at all (no TLS to servers), and Undertow's proxy
 * gives no way to turn the servers' trailers into the final gRPC-Web frame. A router using it is left out rather
 * than served without it.
 */
final class GrpcWebRefusal {
    private GrpcWebRefusal() {
    }

    /** Always refuses; see the class comment. */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        throw new MiddlewareException(MiddlewareException.Kind.NOT_IMPLEMENTED, middleware.name(), middleware.type(),
                "grpcWeb needs gRPC to the servers (HTTP/2 with prior knowledge to h2c:// servers, h2 to https:// "
                        + "ones, response trailers), which kvroute's proxy client does not speak; the router is "
                        + "left out rather than served without it");
    }
}
