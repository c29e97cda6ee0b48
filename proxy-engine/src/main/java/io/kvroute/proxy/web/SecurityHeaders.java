package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;

/**
 * Puts the browser security headers on every response of the web listener: a Content-Security-Policy that allows
 * only this origin's own script, style and fetches (no inline script), no framing, no MIME sniffing, referrers only
 * to this origin, and no caching (API answers depend on who asks).
 */
final class SecurityHeaders implements HttpHandler {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final HttpHandler next;

    SecurityHeaders(HttpHandler next) {
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(HttpString.tryFromString("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        headers.put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
        headers.put(HttpString.tryFromString("X-Frame-Options"), "DENY");
        headers.put(HttpString.tryFromString("Referrer-Policy"), "same-origin");
        headers.put(HttpString.tryFromString("Cross-Origin-Opener-Policy"), "same-origin");
        headers.put(HttpString.tryFromString("Cross-Origin-Resource-Policy"), "same-origin");
        headers.put(HttpString.tryFromString("Cache-Control"), "no-store");
        next.handleRequest(exchange);
    }
}
