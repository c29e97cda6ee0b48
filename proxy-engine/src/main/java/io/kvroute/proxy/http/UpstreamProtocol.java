package io.kvroute.proxy.http;

import io.kvroute.proxy.upstream.UpstreamTransport;
import java.net.URI;

/**
 * How a request is spoken to its server, chosen as Traefik's transport chooses (its "smart round tripper"): a request
 * that upgrades its connection (WebSocket) always in HTTP/1.1, as HTTP/2 cannot carry an upgrade; otherwise HTTP/2
 * with prior knowledge to an {@code h2c://} server, h2 offered by ALPN next to HTTP/1.1 to an {@code https://} server
 * unless the transport sets {@code disableHTTP2}, and HTTP/1.1 to an {@code http://} one. (An {@code h2c://} server
 * on a transport with {@code disableHTTP2} never gets here: Traefik fails every request of it, kvroute leaves its
 * router out.)
 */
enum UpstreamProtocol {
    /** HTTP/1.1, in TLS for an {@code https://} server. */
    HTTP1("http"),
    /** HTTP/2 in cleartext, the connection begun with the HTTP/2 preface (Undertow's {@code h2c-prior} client). */
    H2C_PRIOR_KNOWLEDGE("h2c-prior"),
    /** TLS offering {@code h2} and {@code http/1.1} by ALPN; the server picks. */
    TLS_ALPN("https");

    private final String clientScheme;

    UpstreamProtocol(String clientScheme) {
        this.clientScheme = clientScheme;
    }

    /** The protocol for a request to {@code server} on {@code transport}; {@code upgrade}: it asks to upgrade. */
    static UpstreamProtocol of(URI server, UpstreamTransport transport, boolean upgrade) {
        if (upgrade) {
            return HTTP1;
        }
        return switch (server.getScheme()) {
            case "h2c" -> H2C_PRIOR_KNOWLEDGE;
            case "https" -> transport.http2() ? TLS_ALPN : HTTP1;
            default -> HTTP1;
        };
    }

    /**
     * The URL Undertow's client connects to for {@code server}: its scheme names the client provider
     * ({@code h2c-prior}; {@code http} for an {@code h2c://} server spoken to in HTTP/1.1), the rest is the server's.
     */
    URI connectUri(URI server) {
        String scheme = server.getScheme().equals("https") ? "https" : clientScheme;
        if (scheme.equals(server.getScheme())) {
            return server;
        }
        return URI.create(scheme + server.toString().substring(server.getScheme().length()));
    }
}
