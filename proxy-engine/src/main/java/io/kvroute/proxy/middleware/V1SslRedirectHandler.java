package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.escape.Escaper;
import com.google.common.escape.Escapers;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.http.RoutedRequest;
import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What unrolled/secure 1.0.5 does for a Traefik 1.7 frontend's {@code headers} beyond Traefik v3's headers (kvroute's
 * derived type {@link io.kvroute.kv.model.MiddlewareTypes#V1_SSL_REDIRECT}), in secure's order:
 * <ol>
 *   <li>The host is the Host header, or the first non-empty header of {@code hostsProxyHeaders}. A host outside
 *   {@code allowedHosts} is not redirected: the request goes on to the frontend's {@code headers}, which answers it
 *   500.</li>
 *   <li>{@code sslRedirect}: a request neither on a TLS connection nor with one of {@code sslProxyHeaders} at exactly
 *   its value (an absent header counts as empty) is redirected to {@code https://<sslHost or host><path and query>}
 *   (the host with its port, as sent).</li>
 *   <li>{@code sslForceHost}: any request (TLS or not) whose host is not exactly {@code sslHost} is redirected to
 *   {@code https://<sslHost><path and query>}.</li>
 *   <li>With {@code sslHost}, secure's {@code ModifyResponseHeaders} on the backend's response: a first
 *   {@code Location} of {@code http://<sslHost>/...} or exactly {@code http://<sslHost>} becomes {@code https:} when
 *   the request sent to the backend counts as https (an {@code https://} server, the client's TLS connection, or one
 *   of {@code sslProxyHeaders} at its value in the request as sent, custom request headers applied, an absent
 *   {@code X-Forwarded-Proto} being the proxy's {@code http}). Answers the proxy or a middleware makes itself are
 *   left alone, as in 1.7 where only the forwarder modifies responses.</li>
 * </ol>
 * Redirects are 301, or 307 with {@code temporary}, whatever the method, with Go's {@code http.Redirect} body and
 * content type.
 *
 * <pre>{@code
 * GET http://www.example.com/foo  ->  301 Location: https://www.example.com/foo
 * }</pre>
 */
final class V1SslRedirectHandler implements HttpHandler {
    /** The bytes Go's URL writer keeps in a host ({@code shouldEscape} with {@code encodeHost}) besides alphanumerics. */
    private static final String GO_HOST_KEPT = "-_.~!$&'()*+,;=:[]<>\"";
    private static final String HEX = "0123456789ABCDEF";
    /** Go's {@code html.EscapeString} as {@code http.Redirect} uses it (Guava's HTML escaper writes {@code &quot;}). */
    private static final Escaper GO_HTML = Escapers.builder().addEscape('&', "&amp;").addEscape('<', "&lt;")
            .addEscape('>', "&gt;").addEscape('"', "&#34;").addEscape('\'', "&#39;").build();
    /** What the proxy sends as {@code X-Forwarded-Proto} on a plain connection when nothing set it before. */
    private static final String PLAIN_FORWARDED_PROTO = "http";

    private final boolean sslRedirect;
    private final Optional<String> sslHost;
    private final boolean sslForceHost;
    private final boolean temporary;
    private final Map<String, String> sslProxyHeaders;
    private final List<String> hostsProxyHeaders;
    private final List<String> allowedHosts;
    private final HttpHandler next;

    private V1SslRedirectHandler(boolean sslRedirect, Optional<String> sslHost, boolean sslForceHost,
            boolean temporary, Map<String, String> sslProxyHeaders, List<String> hostsProxyHeaders,
            List<String> allowedHosts, HttpHandler next) {
        this.sslRedirect = sslRedirect;
        this.sslHost = sslHost;
        this.sslForceHost = sslForceHost;
        this.temporary = temporary;
        this.sslProxyHeaders = sslProxyHeaders;
        this.hostsProxyHeaders = hostsProxyHeaders;
        this.allowedHosts = allowedHosts;
        this.next = requireNonNull(next, "next");
    }

    /** What wraps a next handler in {@code middleware}'s redirects and Location rewrite. */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        boolean sslRedirect = settings.bool("sslRedirect").orElse(false);
        Optional<String> sslHost = settings.text("sslHost").filter(host -> !host.isEmpty());
        boolean sslForceHost = settings.bool("sslForceHost").orElse(false);
        boolean temporary = settings.bool("temporary").orElse(false);
        Map<String, String> sslProxyHeaders = ImmutableMap.copyOf(settings.stringMap("sslProxyHeaders"));
        List<String> hostsProxyHeaders = ImmutableList.copyOf(settings.strings("hostsProxyHeaders"));
        List<String> allowedHosts = ImmutableList.copyOf(settings.strings("allowedHosts"));
        settings.requireAllRead();
        return next -> new V1SslRedirectHandler(sslRedirect, sslHost, sslForceHost, temporary, sslProxyHeaders,
                hostsProxyHeaders, allowedHosts, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String host = host(exchange);
        if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(host::equalsIgnoreCase)) {
            next.handleRequest(exchange);
            return;
        }
        if (sslRedirect && !isHttps(exchange, false)) {
            redirect(exchange, sslHost.orElse(host));
            return;
        }
        if (sslForceHost && sslHost.isPresent() && !sslHost.get().equals(host)) {
            redirect(exchange, sslHost.get());
            return;
        }
        if (sslHost.isPresent()) {
            String plain = "http://" + sslHost.get();
            exchange.addResponseCommitListener(committing -> rewriteLocation(committing, plain));
        }
        next.handleRequest(exchange);
    }

    private String host(HttpServerExchange exchange) {
        for (String header : hostsProxyHeaders) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(Headers.HOST))
                .orElseGet(exchange::getHostAndPort);
    }

    /**
     * Whether secure takes the request for https: on a TLS connection, or with one of {@code sslProxyHeaders} at its
     * value; {@code sent} reads the request as sent to the backend, where an absent {@code X-Forwarded-Proto} is what
     * the proxy adds.
     */
    private boolean isHttps(HttpServerExchange exchange, boolean sent) {
        if (exchange.getConnection().getSslSessionInfo() != null) {
            return true;
        }
        return sslProxyHeaders.entrySet().stream().anyMatch(header -> header.getValue().equals(Optional
                .ofNullable(exchange.getRequestHeaders().getFirst(header.getKey()))
                .orElse(sent && Headers.X_FORWARDED_PROTO.equalToString(header.getKey()) ? PLAIN_FORWARDED_PROTO
                        : "")));
    }

    /** Secure's Location rewrite on the backend's response ({@code plain}: {@code http://<sslHost>}). */
    private void rewriteLocation(HttpServerExchange exchange, String plain) {
        RoutedRequest routed = RoutedRequest.of(exchange);
        if (routed == null || routed.originStatus() == 0) {
            return;
        }
        String location = exchange.getResponseHeaders().getFirst(Headers.LOCATION);
        if (location == null || !(location.startsWith(plain + "/") || location.equals(plain))) {
            return;
        }
        boolean httpsServer = routed.server() != null && "https".equalsIgnoreCase(routed.server().uri().getScheme());
        if (httpsServer || isHttps(exchange, true)) {
            exchange.getResponseHeaders().put(Headers.LOCATION, "https:" + location.substring("http:".length()));
        }
    }

    /** Go's {@code http.Redirect} to {@code https://<host><path and query>} with 301, or 307 with temporary. */
    private void redirect(HttpServerExchange exchange, String host) {
        String query = exchange.getQueryString();
        String location = "https://" + goHost(host) + RequestPaths.rawPath(exchange)
                + (query.isEmpty() ? "" : "?" + query);
        redirect(exchange, location, temporary ? StatusCodes.TEMPORARY_REDIRECT : StatusCodes.MOVED_PERMANENTLY);
    }

    /** {@code host} as Go's {@code URL.String()} writes a host: bytes outside its kept set percent-encoded. */
    private static String goHost(String host) {
        StringBuilder escaped = new StringBuilder(host.length());
        for (byte b : host.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || GO_HOST_KEPT.indexOf(c) >= 0)) {
                escaped.append(c);
            } else {
                escaped.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            }
        }
        return escaped.toString();
    }

    /**
     * Go's {@code http.Redirect} to an absolute URL: the Location, {@code text/html; charset=utf-8} for GET and HEAD,
     * and for GET the body {@code <a href="URL">Status Text</a>.} and two newlines.
     */
    private static void redirect(HttpServerExchange exchange, String location, int status) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        boolean get = exchange.getRequestMethod().equals(Methods.GET);
        if (get || exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        }
        byte[] body = get ? ("<a href=\"" + GO_HTML.escape(location) + "\">"
                + GoStatusText.of(status).orElseThrow() + "</a>.\n\n").getBytes(StandardCharsets.UTF_8) : new byte[0];
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }
}
