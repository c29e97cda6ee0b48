package io.kvroute.proxy.http;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Removes the origin's hop-by-hop response headers (RFC 9110 7.6.1) and those its {@code Connection} names before the
 * client's response head is written, so that the origin's connection management never decides the client's: an
 * origin's {@code Connection: close} no longer closes a client connection with pipelined requests waiting. A 101
 * keeps {@code Connection} and {@code Upgrade}, which make the switch. Installed as a response wrapper, it runs
 * before Undertow frames the response.
 */
final class ResponseHopByHop implements ConduitWrapper<StreamSinkConduit> {
    static final ResponseHopByHop INSTANCE = new ResponseHopByHop();
    private static final List<HttpString> HOP_BY_HOP = Stream.of("Connection", "Keep-Alive", "Proxy-Connection",
            "TE", "Trailer", "Upgrade", "Proxy-Authenticate").map(HttpString::tryFromString).toList();
    /** Framing and the switch itself stay Undertow's to manage. */
    private static final Set<HttpString> KEPT = Set.of(Headers.CONTENT_LENGTH, Headers.TRANSFER_ENCODING);

    private ResponseHopByHop() {
    }

    @Override
    public StreamSinkConduit wrap(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange exchange) {
        if (exchange.getStatusCode() != StatusCodes.SWITCHING_PROTOCOLS) {
            HeaderMap headers = exchange.getResponseHeaders();
            ConnectionTokens.removeNamedHeaders(headers, KEPT::contains);
            for (HttpString name : HOP_BY_HOP) {
                headers.remove(name);
            }
        }
        return factory.create();
    }
}
