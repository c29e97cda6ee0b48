package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Traefik's {@code headers} custom headers: request edits are applied before the next handler runs, response edits
 * just before the response headers are sent, whoever produced the response (a proxied server, a 404, a redirect
 * from an inner middleware). With several of these in a chain the outer one's response edits are applied last, as
 * in Traefik.
 */
final class HeadersHandler implements HttpHandler {
    private final HeaderEdits requestEdits;
    private final HeaderEdits responseEdits;
    private final HttpHandler next;

    HeadersHandler(HeaderEdits requestEdits, HeaderEdits responseEdits, HttpHandler next) {
        this.requestEdits = requireNonNull(requestEdits, "requestEdits");
        this.responseEdits = requireNonNull(responseEdits, "responseEdits");
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        requestEdits.applyTo(exchange.getRequestHeaders());
        if (!responseEdits.isEmpty()) {
            exchange.addResponseCommitListener(committing -> responseEdits.applyTo(committing.getResponseHeaders()));
        }
        next.handleRequest(exchange);
    }
}
