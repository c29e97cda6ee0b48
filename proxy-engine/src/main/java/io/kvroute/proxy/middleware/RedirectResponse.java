package io.kvroute.proxy.middleware;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The answer of Traefik's redirect middlewares ({@code redirectScheme}, {@code redirectRegex}): 302 for a GET and
 * 307 for other methods, or with {@code permanent} 301 and 308; the {@code Location} header, and the status text as
 * a plain text body.
 */
final class RedirectResponse {
    private RedirectResponse() {
    }

    static void send(HttpServerExchange exchange, String location, boolean permanent) {
        boolean get = exchange.getRequestMethod().equals(Methods.GET);
        int status = permanent
                ? (get ? StatusCodes.MOVED_PERMANENTLY : StatusCodes.PERMANENT_REDIRECT)
                : (get ? StatusCodes.FOUND : StatusCodes.TEMPORARY_REDIRECT);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        sendText(exchange, status);
    }

    /** Answers {@code status} with its reason phrase as a plain text body, as Go's handlers do. */
    static void sendText(HttpServerExchange exchange, int status) {
        byte[] body = StatusCodes.getReason(status).getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
