package io.kvroute.proxy.http;

import com.google.common.net.InetAddresses;
import io.undertow.client.ClientRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The {@code X-Forwarded-For} list as Traefik writes it: the entry point folds a trusted client's header lines into
 * one, comma+space separated ({@code forwardedheaders}), and the request to the server carries that list (as the
 * middlewares left it) with the client's address appended after {@code ", "} (Go's reverse proxy). Undertow's
 * ProxyHandler would append after a bare {@code ","} to the first line only. Addresses are written as Go writes them:
 * IPv6 in its short form ({@code ::1}, RFC 5952), where the JDK writes {@code 0:0:0:0:0:0:0:1}.
 */
final class ForwardedForList {
    private static final String SEPARATOR = ", ";

    private ForwardedForList() {
    }

    /** Folds the header lines of {@code headers} into one, as Traefik's entry point does before routing. */
    static void fold(HeaderMap headers) {
        HeaderValues lines = headers.get(Headers.X_FORWARDED_FOR);
        if (lines != null && lines.size() > 1) {
            headers.put(Headers.X_FORWARDED_FOR, String.join(SEPARATOR, lines));
        }
    }

    /** Sets {@code request}'s header to {@code exchange}'s list plus the client address, as Go's reverse proxy. */
    static void extend(ClientRequest request, HttpServerExchange exchange) {
        InetSocketAddress source = exchange.getSourceAddress();
        if (source == null || source.getAddress() == null) {
            return;
        }
        String client = clientAddress(source.getAddress());
        HeaderValues prior = exchange.getRequestHeaders().get(Headers.X_FORWARDED_FOR);
        String list = prior == null || prior.isEmpty() ? client : String.join(SEPARATOR, prior) + SEPARATOR + client;
        request.getRequestHeaders().put(Headers.X_FORWARDED_FOR, list);
    }

    /** {@code address} as Go's {@code net.IP.String} writes it: IPv6 in its short form. */
    static String clientAddress(InetAddress address) {
        return InetAddresses.toAddrString(address);
    }
}
