package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Traefik's {@code addPrefix}: the prefix is put in front of the path ({@code /api} + {@code /users} gives
 * {@code /api/users}; a prefix without a leading slash gets one). The prefix is decoded text; it is percent-encoded
 * for the forwarded request target.
 */
final class AddPrefixHandler implements HttpHandler {
    private final String prefix;
    private final String encodedPrefix;
    private final HttpHandler next;

    AddPrefixHandler(String prefix, HttpHandler next) {
        this.prefix = requireNonNull(prefix, "prefix");
        this.encodedPrefix = RequestPaths.encode(prefix);
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        RequestPaths.replace(exchange,
                RequestPaths.withLeadingSlash(prefix + exchange.getRequestPath()),
                RequestPaths.withLeadingSlash(encodedPrefix + RequestPaths.rawPath(exchange)));
        next.handleRequest(exchange);
    }
}
