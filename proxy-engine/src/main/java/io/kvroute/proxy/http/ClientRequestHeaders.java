package io.kvroute.proxy.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cleans a client's request headers before routing, in this order, so that nothing a client sends can remove or spoof
 * a header the proxy sets later (the proxy's own {@code X-Forwarded-*} and {@code X-Real-Ip} are added afterwards):
 * <ol>
 *   <li>headers whose names contain {@code _}: kept, deleted or refused ({@link UnderscoreHeaders});</li>
 *   <li>hop-by-hop headers (RFC 9110 7.6.1: {@code Connection}, {@code Keep-Alive}, {@code Proxy-Connection},
 *       {@code TE}, {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade}, {@code Proxy-Authorization}) and
 *       every header {@code Connection} names, except {@code Host}, {@code Content-Length} and the forwarding
 *       headers below (as Traefik: {@code Connection} cannot remove what a trusted client forwards); a request that
 *       asks to upgrade keeps {@code Upgrade} and gets {@code Connection: Upgrade} back; one whose {@code TE} lists
 *       {@code trailers} gets {@code TE: trailers} back (as Traefik, by Go's reverse proxy: gRPC servers want it); a
 *       {@code close} token anywhere in {@code Connection} ends the client connection after the response;</li>
 *   <li>{@code X-Forwarded-*} and {@code X-Real-Ip}, also spelt with {@code _} (kept underscore headers too),
 *       unless the entry point trusts this client ({@link ForwardedHeadersTrust}); then {@code X-Real-Ip} is the
 *       client's address unless a trusted client set it.</li>
 * </ol>
 */
final class ClientRequestHeaders {
    private static final HttpString X_REAL_IP = HttpString.tryFromString("X-Real-IP");
    private static final List<HttpString> HOP_BY_HOP = Stream.of("Connection", "Keep-Alive", "Proxy-Connection",
            "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Proxy-Authorization").map(HttpString::tryFromString)
            .toList();
    /** Names a client may list in {@code Connection} that still reach the origin: framing and routing need them. */
    private static final Set<HttpString> NOT_REMOVABLE_BY_CONNECTION = Set.of(Headers.HOST, Headers.CONTENT_LENGTH);
    /**
     * What Traefik removes from requests of untrusted clients before it sets its own, and never lets {@code Connection}
     * remove (its managed X- headers).
     */
    private static final Set<HttpString> FORWARDING = Stream.of("X-Forwarded-For", "X-Forwarded-Host",
                    "X-Forwarded-Port", "X-Forwarded-Proto", "X-Forwarded-Server", "X-Forwarded-Uri",
                    "X-Forwarded-Method", "X-Forwarded-Prefix", "X-Forwarded-Tls-Client-Cert",
                    "X-Forwarded-Tls-Client-Cert-Info", "X-Real-Ip")
            .map(HttpString::tryFromString).collect(Collectors.toUnmodifiableSet());
    /** {@link #FORWARDING} to remove one by one, for every request of an untrusted client: an array, no iterator. */
    private static final HttpString[] FORWARDING_LIST = FORWARDING.toArray(HttpString[]::new);

    private ClientRequestHeaders() {
    }

    /**
     * Cleans {@code exchange}'s request headers as {@code options} say.
     *
     * @return why the request must be refused with 400, if it must
     */
    static Optional<String> clean(HttpServerExchange exchange, EntryPointOptions options) {
        HeaderMap headers = exchange.getRequestHeaders();
        if (options.underscoreHeaders() != UnderscoreHeaders.KEEP) {
            List<HttpString> underscored = underscored(headers);
            if (!underscored.isEmpty() && options.underscoreHeaders() == UnderscoreHeaders.REJECT) {
                return Optional.of("a header name contains '_', which this entry point refuses");
            }
            for (HttpString name : underscored) {
                headers.remove(name);
            }
        }
        if (removeHopByHop(headers)) {
            exchange.setPersistent(false);
        }
        InetSocketAddress source = exchange.getSourceAddress();
        boolean trusted = options.forwardedHeaders().trusts(source == null ? null : source.getAddress());
        if (!trusted) {
            for (HttpString name : FORWARDING_LIST) {
                headers.remove(name);
            }
            if (options.underscoreHeaders() == UnderscoreHeaders.KEEP) {
                for (HttpString name : underscored(headers)) {
                    if (isForwarding(name)) {
                        headers.remove(name);
                    }
                }
            }
        }
        if (source != null && source.getAddress() != null && !headers.contains(X_REAL_IP)) {
            headers.put(X_REAL_IP, ForwardedForList.clientAddress(source.getAddress()));
        }
        return Optional.empty();
    }

    /**
     * True for a forwarding header, also spelt with {@code _} for {@code -} ({@code X_Forwarded_For}), which origins
     * behind CGI, PHP or nginx read as the real one (Traefik's isManagedXHeader).
     */
    private static boolean isForwarding(HttpString name) {
        if (name.length() == 0 || (name.byteAt(0) != 'X' && name.byteAt(0) != 'x')) {
            return false;
        }
        if (FORWARDING.contains(name)) {
            return true;
        }
        String spelt = name.toString();
        return spelt.indexOf('_') >= 0 && FORWARDING.contains(HttpString.tryFromString(spelt.replace('_', '-')));
    }

    /** The header names with {@code _}, walking the map without copying its names (this runs on every request). */
    private static List<HttpString> underscored(HeaderMap headers) {
        List<HttpString> found = null;
        for (long cookie = headers.fastIterateNonEmpty(); cookie != -1L; cookie = headers.fiNextNonEmpty(cookie)) {
            HttpString name = headers.fiCurrent(cookie).getHeaderName();
            for (int i = 0; i < name.length(); i++) {
                if (name.byteAt(i) == '_') {
                    found = found == null ? new ArrayList<>() : found;
                    found.add(name);
                    break;
                }
            }
        }
        return found == null ? List.of() : found;
    }

    /** Removes the hop-by-hop headers; true if {@code Connection} has a {@code close} token among others. */
    private static boolean removeHopByHop(HeaderMap headers) {
        String upgrade = headers.getFirst(Headers.UPGRADE);
        boolean trailers = headers.contains(Headers.TE) && headers.get(Headers.TE).stream()
                .flatMap(value -> Stream.of(value.split(",")))
                .anyMatch(token -> token.trim().equalsIgnoreCase("trailers"));
        Set<String> connection = ConnectionTokens.removeNamedHeaders(headers,
                name -> NOT_REMOVABLE_BY_CONNECTION.contains(name) || isForwarding(name));
        for (HttpString name : HOP_BY_HOP) {
            headers.remove(name);
        }
        if (connection.contains("upgrade") && upgrade != null && !upgrade.isBlank()
                && !upgrade.trim().toLowerCase(Locale.ROOT).startsWith("h2c")) {
            headers.put(Headers.UPGRADE, upgrade);
            headers.put(Headers.CONNECTION, "Upgrade");
        }
        if (trailers) {
            headers.put(Headers.TE, "trailers");
        }
        return connection.contains("close");
    }
}
