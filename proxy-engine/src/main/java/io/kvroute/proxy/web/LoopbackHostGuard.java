package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The gate of a listener without auth: answers 421 to requests whose {@code Host} is not a loopback name
 * ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}), so a web page on another site cannot reach the dashboard by
 * pointing its own name at 127.0.0.1 (DNS rebinding), and removes any client-sent user header.
 */
final class LoopbackHostGuard implements HttpHandler {
    private static final int MISDIRECTED_REQUEST = 421;
    private static final Pattern LOOPBACK_HOST =
            Pattern.compile("(localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[::1\\])(:\\d{1,5})?");

    private final HttpHandler next;

    LoopbackHostGuard(HttpHandler next) {
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getRequestHeaders().remove(WebRoutes.USER_HEADER);
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst(Headers.HOST)).orElse("");
        if (!LOOPBACK_HOST.matcher(host).matches()) {
            Responses.text(exchange, MISDIRECTED_REQUEST,
                    "421 misdirected request: without auth this listener answers only loopback Host names\n");
            return;
        }
        next.handleRequest(exchange);
    }
}
