package io.kvroute.proxy.metrics;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.List;

/**
 * The {@code method} and {@code protocol} labels of Traefik's request metrics, as its metrics middleware computes them
 * ({@code getMethod}, {@code getRequestProtocol}), as small indexes so that meters are found in arrays: the methods
 * of RFC 7231, {@code PATCH} and {@code PRI}, any other as {@code EXTENSION_METHOD} (the label's values stay
 * bounded); the protocol {@code websocket} ({@code Connection: upgrade} and {@code Upgrade: websocket}), {@code sse}
 * ({@code Accept: text/event-stream}), {@code grpc-web}, {@code grpc} (by {@code Content-Type} prefix) or
 * {@code http}.
 */
final class RequestKind {
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH", "PRI", "EXTENSION_METHOD");
    static final List<String> PROTOCOLS = List.of("http", "websocket", "sse", "grpc-web", "grpc");

    private static final int HTTP = 0;
    private static final int WEBSOCKET = 1;
    private static final int SSE = 2;
    private static final int GRPC_WEB = 3;
    private static final int GRPC = 4;

    private RequestKind() {
    }

    /** The index in {@link #METHODS} of the exchange's method. */
    static int method(HttpServerExchange exchange) {
        return switch (exchange.getRequestMethod().toString()) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "DELETE" -> 4;
            case "CONNECT" -> 5;
            case "OPTIONS" -> 6;
            case "TRACE" -> 7;
            case "PATCH" -> 8;
            case "PRI" -> 9;
            default -> 10;
        };
    }

    /** The index in {@link #PROTOCOLS} of the exchange's protocol, from its request headers. */
    static int protocol(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        if (hasToken(headers, Headers.CONNECTION, "upgrade") && hasToken(headers, Headers.UPGRADE, "websocket")) {
            return WEBSOCKET;
        }
        if (hasToken(headers, Headers.ACCEPT, "text/event-stream")) {
            return SSE;
        }
        String contentType = headers.getFirst(Headers.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("application/grpc")) {
            return contentType.startsWith("application/grpc-web") ? GRPC_WEB : GRPC;
        }
        return HTTP;
    }

    /**
     * Whether the first {@code name} header lists {@code token} (comma-separated items, trimmed, compared
     * case-insensitively), read in place: no allocation per request.
     */
    private static boolean hasToken(HeaderMap headers, HttpString name, String token) {
        String value = headers.getFirst(name);
        if (value == null) {
            return false;
        }
        int start = 0;
        while (start <= value.length()) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? value.length() : comma;
            int from = start;
            int to = end;
            while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
                from++;
            }
            while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
                to--;
            }
            if (to - from == token.length() && value.regionMatches(true, from, token, 0, token.length())) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            start = comma + 1;
        }
        return false;
    }
}
