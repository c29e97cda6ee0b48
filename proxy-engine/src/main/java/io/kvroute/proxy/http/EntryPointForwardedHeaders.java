package io.kvroute.proxy.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code X-Forwarded-*} headers Traefik's entry point sets before routing (its {@code forwardedheaders}
 * rewrite), so that rules, middlewares and servers see the same values as under Traefik:
 * {@code X-Forwarded-Proto} ({@code http}, {@code https}, {@code ws} or {@code wss} for a WebSocket upgrade),
 * {@code X-Forwarded-Host} (the Host as sent) and {@code X-Forwarded-Port} (the Host's port, else 443 for https,
 * else 80) where no trusted client set them, and
 * {@code X-Forwarded-Server}, always the proxy's host name (Go's {@code os.Hostname}, else {@code localhost});
 * a trusted client's {@code X-Forwarded-For} lines become one ({@link ForwardedForList}).
 * A middleware that removes one of them ({@code customRequestHeaders} set to {@code ""}) removes it for the server
 * too: {@link #SET_AT_ENTRY} the request to the server lacks where the exchange does.
 */
final class EntryPointForwardedHeaders {
    /** What Undertow's ProxyHandler adds where absent; the server gets them only as the exchange has them. */
    static final List<HttpString> SET_AT_ENTRY = List.of(Headers.X_FORWARDED_PROTO, Headers.X_FORWARDED_HOST,
            Headers.X_FORWARDED_PORT, Headers.X_FORWARDED_SERVER);
    /** The proxy's host name, as Go's {@code os.Hostname} reads it on Linux. */
    static final String HOST_NAME = hostName();

    private EntryPointForwardedHeaders() {
    }

    /** Sets the headers on {@code exchange}'s request, whose client headers were cleaned before. */
    static void set(HttpServerExchange exchange) {
        HeaderMap headers = exchange.getRequestHeaders();
        ForwardedForList.fold(headers);
        if (headers.getFirst(Headers.X_FORWARDED_PROTO) == null) {
            boolean tls = exchange.getConnection().getSslSessionInfo() != null;
            String scheme = isWebSocket(headers) ? (tls ? "wss" : "ws") : (tls ? "https" : "http");
            headers.put(Headers.X_FORWARDED_PROTO, scheme);
        }
        String host = headers.getFirst(Headers.HOST);
        if (host != null && !host.isEmpty() && !headers.contains(Headers.X_FORWARDED_HOST)) {
            headers.put(Headers.X_FORWARDED_HOST, host);
        }
        if (!headers.contains(Headers.X_FORWARDED_PORT)) {
            headers.put(Headers.X_FORWARDED_PORT, forwardedPort(exchange, host, headers));
        }
        headers.put(Headers.X_FORWARDED_SERVER, HOST_NAME);
    }

    /**
     * Traefik's {@code forwardedPort}: the port of the Host, else 443 for an {@code X-Forwarded-Proto} of
     * {@code https} or {@code wss} (a trusted client's too) or a TLS connection, else 80.
     */
    private static String forwardedPort(HttpServerExchange exchange, String host, HeaderMap headers) {
        String proto = headers.getFirst(Headers.X_FORWARDED_PROTO);
        boolean hostHasPort = host != null && host.lastIndexOf(':') > host.lastIndexOf(']')
                && host.lastIndexOf(':') < host.length() - 1;
        if (!hostHasPort && ("https".equals(proto) || "wss".equals(proto))) {
            return "443";
        }
        return Integer.toString(exchange.getHostPort());
    }

    /** Traefik's {@code isWebsocketRequest}: Connection contains upgrade, Upgrade contains websocket. */
    private static boolean isWebSocket(HeaderMap headers) {
        return contains(headers, Headers.CONNECTION, "upgrade") && contains(headers, Headers.UPGRADE, "websocket");
    }

    private static boolean contains(HeaderMap headers, HttpString name, String token) {
        return headers.get(name) != null && headers.get(name).stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains(token));
    }

    private static String hostName() {
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | SecurityException notLinux) {
            // not Linux: the JDK's name of the local host below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException unresolvable) {
            return "localhost";
        }
    }
}
