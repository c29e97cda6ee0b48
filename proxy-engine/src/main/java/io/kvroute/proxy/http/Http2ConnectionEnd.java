package io.kvroute.proxy.http;

import io.undertow.protocols.http2.Http2Channel;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * Ends the HTTP/2 connection a request came on once its response is sent: a GOAWAY ({@code NO_ERROR}), after which
 * Undertow closes the connection, so that the client's next request opens a new one. What
 * {@code setPersistent(false)} does for HTTP/1.1, which Undertow 2.3.27 ignores on HTTP/2; its
 * {@code Http2ServerConnection} keeps the connection's {@link Http2Channel} in a private field (its {@code close()}
 * only resets the request's stream), read here through a {@link VarHandle} ({@link UndertowInternals}; where another
 * Undertow version has it otherwise, the connection is left open).
 */
final class Http2ConnectionEnd {
    /**
     * The connection's {@link Http2Channel} in Undertow's {@code Http2ServerConnection}, and the streams the client
     * opened that are still active on it, this request's included; none (another Undertow version): no GOAWAY.
     */
    private static final Optional<UndertowInternals.Found> FIELDS = UndertowInternals.find("an HTTP/2 connection"
            + " that got a 421 is left open, as Traefik leaves it (its next requests get 421 too)",
            new UndertowInternals.Field(Http2ServerConnection.class.getName(), "channel", Http2Channel.class.getName()),
            new UndertowInternals.Field(Http2Channel.class.getName(), "receiveConcurrentStreams", "int"));

    private Http2ConnectionEnd() {
    }

    /** Whether Undertow's fields were found (else a connection that got a 421 is left open). */
    static boolean reachesUndertowInternals() {
        return FIELDS.isPresent();
    }

    /**
     * Has the connection of {@code exchange} end once the exchange is complete, if it is an HTTP/2 one (an HTTP/1.1
     * one is left to {@code setPersistent(false)}) and this request is the only one on it: Undertow's GOAWAY closes
     * the connection at once, which would cut the other requests in flight (a request sent before the change, its
     * answer lost). With others in flight the connection stays, as Traefik leaves it; the client's next request on it
     * gets the 421 again, and the connection ends after the first that finds itself alone.
     */
    static void afterResponse(HttpServerExchange exchange) {
        if (exchange.getConnection() instanceof Http2ServerConnection connection && FIELDS.isPresent()) {
            Http2Channel channel = (Http2Channel) FIELDS.get().field(0).get(connection);
            if ((int) FIELDS.get().field(1).getVolatile(channel) > 1) {
                return;
            }
            exchange.addExchangeCompleteListener((done, next) -> {
                channel.sendGoAway(Http2Channel.ERROR_NO_ERROR);
                next.proceed();
            });
        }
    }
}
