package io.kvroute.proxy.middleware;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import io.kvroute.kv.layout.v1.CanonicalHeaderKey;
import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The headers of forwardAuth's request to the authentication server, built from the client's request as Traefik's
 * {@code pkg/middlewares/auth/forward.go} builds them, by {@code trustForwardHeader}:
 * <ul>
 *   <li>every request header (Go's canonical names) but {@code Host}, {@code Content-Length}, {@code Expect}, the
 *       headers {@code Connection} names and the hop-by-hop {@code Connection}, {@code Keep-Alive}, {@code Te},
 *       {@code Trailer}, {@code Transfer-Encoding}, {@code Upgrade};</li>
 *   <li>{@code false}: without Traefik's managed {@code X-Forwarded-*}, {@code X-Scheme} and {@code X-Real-Ip};</li>
 *   <li>only those named by {@code authRequestHeaders} when it is not empty (with {@code true}, also the managed
 *       ones);</li>
 *   <li>not set ({@code oldWriteHeader}): {@code X-Forwarded-For} the peer address, {@code X-Forwarded-Proto}
 *       {@code http} or {@code https}, {@code X-Forwarded-Method}, {@code X-Forwarded-Host} the {@code Host},
 *       {@code X-Forwarded-Uri} the request target, replacing what was there;</li>
 *   <li>{@code true} or {@code false}: the peer address appended to {@code X-Forwarded-For}; {@code
 *       X-Forwarded-Method}, {@code -Proto} ({@code http}, {@code https}, or as Traefik's entry point {@code ws},
 *       {@code wss} for a WebSocket upgrade with {@code true}), {@code -Port} (the Host's port, else 443 or 80),
 *       {@code -Host} and {@code -Uri} only where absent; and {@code User-Agent} empty when the client sent
 *       none.</li>
 * </ul>
 */
final class AuthRequestHeaders {
    /** Traefik's {@code forwardedheaders.XHeadersSet}. */
    static final List<String> MANAGED = List.of("X-Forwarded-Proto", "X-Forwarded-Scheme", "X-Forwarded-For",
            "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Server", "X-Forwarded-Uri", "X-Forwarded-Method",
            "X-Forwarded-Prefix", "X-Forwarded-Tls-Client-Cert", "X-Forwarded-Tls-Client-Cert-Info", "X-Scheme",
            "X-Real-Ip");
    private static final Set<String> NOT_SENT = Set.of("Host", "Content-Length", "Expect", "Connection",
            "Keep-Alive", "Te", "Trailer", "Transfer-Encoding", "Upgrade");

    private AuthRequestHeaders() {
    }

    /**
     * The headers, by canonical name, in the request's order.
     *
     * @param allowed {@code authRequestHeaders}, already with {@link #MANAGED} added when trusted
     */
    static Map<String, List<String>> of(HttpServerExchange exchange, Optional<Boolean> trustForwardHeader,
            List<String> allowed) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            all.computeIfAbsent(CanonicalHeaderKey.of(values.getHeaderName().toString()),
                    name -> new ArrayList<>()).addAll(values);
        }
        boolean websocket = tokens(all.get("Connection")).contains("upgrade")
                && tokens(all.get("Upgrade")).contains("websocket");
        for (String named : tokens(all.get("Connection"))) {
            all.remove(CanonicalHeaderKey.of(named));
        }
        NOT_SENT.forEach(all::remove);
        if (trustForwardHeader.isPresent() && !trustForwardHeader.get()) {
            all.keySet().removeIf(AuthRequestHeaders::isManaged);
        }
        if (trustForwardHeader.isPresent() && !all.containsKey("User-Agent")) {
            all.put("User-Agent", List.of(""));
        }
        Map<String, List<String>> headers = filter(all, allowed);
        String tls = exchange.getConnection().getSslSessionInfo() != null ? "https" : "http";
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst(Headers.HOST))
                .orElseGet(exchange::getHostAndPort);
        String query = exchange.getQueryString();
        String uri = RequestPaths.rawPath(exchange) + (query.isEmpty() ? "" : "?" + query);
        String method = exchange.getRequestMethod().toString();
        Optional<String> peer = Optional.ofNullable(exchange.getSourceAddress()).map(InetSocketAddress::getAddress)
                .map(InetAddresses::toAddrString);
        if (trustForwardHeader.isEmpty()) {
            peer.ifPresent(ip -> headers.put("X-Forwarded-For", List.of(ip)));
            headers.put("X-Forwarded-Proto", List.of(tls));
            headers.put("X-Forwarded-Method", List.of(method));
            headers.put("X-Forwarded-Host", List.of(host));
            headers.put("X-Forwarded-Uri", List.of(uri));
            return headers;
        }
        if (peer.isPresent()) {
            List<String> prior = headers.get("X-Forwarded-For");
            headers.put("X-Forwarded-For", List.of(prior == null ? peer.get()
                    : String.join(", ", prior) + ", " + peer.get()));
        }
        headers.putIfAbsent("X-Forwarded-Method", List.of(method));
        headers.putIfAbsent("X-Forwarded-Proto", List.of(trustForwardHeader.get() && websocket
                ? (tls.equals("https") ? "wss" : "ws") : tls));
        headers.putIfAbsent("X-Forwarded-Port", List.of(port(host, headers.get("X-Forwarded-Proto").get(0), tls)));
        headers.putIfAbsent("X-Forwarded-Host", List.of(host));
        headers.putIfAbsent("X-Forwarded-Uri", List.of(uri));
        return headers;
    }

    /** Traefik's {@code isManagedXHeader}: a name of {@link #MANAGED}, also with {@code _} for {@code -}. */
    static boolean isManaged(String canonicalName) {
        return MANAGED.contains(canonicalName)
                || canonicalName.indexOf('_') >= 0 && canonicalName.startsWith("X")
                && MANAGED.contains(CanonicalHeaderKey.of(canonicalName.replace('_', '-')));
    }

    private static Map<String, List<String>> filter(Map<String, List<String>> headers, List<String> allowed) {
        if (allowed.isEmpty()) {
            return headers;
        }
        Map<String, List<String>> kept = new LinkedHashMap<>();
        for (String name : allowed) {
            List<String> values = headers.get(CanonicalHeaderKey.of(name));
            if (values != null && !values.isEmpty()) {
                kept.put(CanonicalHeaderKey.of(name), values);
            }
        }
        return kept;
    }

    /** Traefik's {@code forwardedPort}: the Host's port, else 443 for https or wss, else 80. */
    private static String port(String host, String proto, String tls) {
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && host.indexOf(']', colon) < 0 && colon + 1 < host.length()
                && (host.startsWith("[") || host.indexOf(':') == colon)) {
            return host.substring(colon + 1);
        }
        return proto.equals("https") || proto.equals("wss") || tls.equals("https") ? "443" : "80";
    }

    private static List<String> tokens(List<String> values) {
        if (values == null) {
            return List.of();
        }
        ImmutableList.Builder<String> tokens = ImmutableList.builder();
        for (String value : values) {
            for (String token : value.split(",")) {
                if (!token.isBlank()) {
                    tokens.add(token.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return tokens.build();
    }
}
