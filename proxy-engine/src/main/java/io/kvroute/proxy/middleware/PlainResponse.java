package io.kvroute.proxy.middleware;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A response a middleware makes up, as Go's {@code ResponseWriter} sends one Traefik writes text to: the status, and
 * unless the status allows no body (204, 304), {@code Content-Type: text/plain; charset=utf-8} (what Go sniffs from
 * text) and the body with its length.
 */
final class PlainResponse {
    private PlainResponse() {
    }

    static void send(HttpServerExchange exchange, int status, String body) {
        exchange.setStatusCode(status);
        if (status == 204 || status == 304 || body.isEmpty()) {
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
            exchange.endExchange();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }
}
