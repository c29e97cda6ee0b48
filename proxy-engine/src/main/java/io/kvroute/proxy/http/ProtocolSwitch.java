package io.kvroute.proxy.http;

import io.undertow.client.ClientResponse;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Optional;
import java.util.Set;

/**
 * When a server's {@code 101 Switching Protocols} may become a tunnel (RFC 9110 section 7.8): only if the client asked
 * to upgrade (an HTTP/1.1 request with {@code Upgrade} and {@code Connection: upgrade}) and the 101's {@code Upgrade}
 * names only protocols the client offered (names compared case-insensitively). Anything else is the server's error,
 * which HAProxy also answers with 502.
 */
final class ProtocolSwitch {
    private ProtocolSwitch() {
    }

    /** Why {@code response} must not be tunnelled to the client of {@code exchange}; empty if it may (or is no 101). */
    static Optional<String> refusal(HttpServerExchange exchange, ClientResponse response) {
        if (response.getResponseCode() != StatusCodes.SWITCHING_PROTOCOLS) {
            return Optional.empty();
        }
        boolean asked = exchange.isHttp11()
                && ConnectionTokens.of(exchange.getRequestHeaders().get(Headers.CONNECTION)).contains("upgrade");
        Set<String> offered = asked
                ? ConnectionTokens.of(exchange.getRequestHeaders().get(Headers.UPGRADE)) : Set.of();
        if (offered.isEmpty()) {
            return Optional.of("the server switched protocols but the client did not ask to upgrade");
        }
        Set<String> switched = ConnectionTokens.of(response.getResponseHeaders().get(Headers.UPGRADE));
        if (switched.isEmpty()) {
            return Optional.of("the server's 101 names no protocol in Upgrade (the client offered " + offered + ")");
        }
        if (!offered.containsAll(switched)) {
            return Optional.of("the server's 101 switches to " + switched + ", the client offered " + offered);
        }
        return Optional.empty();
    }
}
