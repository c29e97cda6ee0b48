package io.kvroute.proxy.middleware;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A middleware's own short plain-text answer, as Go's {@code http.Error} or a bare write of a status text sends it. */
final class StatusAnswer {
    private StatusAnswer() {
    }

    /** Answers {@code status} with {@code body} as {@code text/plain; charset=utf-8}. */
    static void send(HttpServerExchange exchange, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }
}
