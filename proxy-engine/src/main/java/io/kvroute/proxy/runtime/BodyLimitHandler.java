package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

/**
 * Answers 413 to a request whose declared {@code Content-Length} is above the body limit, before it is routed. The
 * server option alone fails such a request only while the proxy streams it, which clients saw as a 503.
 */
final class BodyLimitHandler implements HttpHandler {
    private final long maxBodyBytes;
    private final HttpHandler next;

    BodyLimitHandler(long maxBodyBytes, HttpHandler next) {
        this.maxBodyBytes = maxBodyBytes;
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (maxBodyBytes >= 0 && exchange.getRequestContentLength() > maxBodyBytes) {
            exchange.setStatusCode(StatusCodes.REQUEST_ENTITY_TOO_LARGE);
            exchange.setPersistent(false);
            exchange.getResponseSender().send("413 request entity too large (limit " + maxBodyBytes + " bytes)\n");
            return;
        }
        next.handleRequest(exchange);
    }
}
