package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.escape.Escaper;
import com.google.common.escape.Escapers;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
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
 * A Traefik 1.7 frontend's {@code headers/sslRedirect} (kvroute's derived type
 * {@link io.kvroute.kv.model.MiddlewareTypes#V1_SSL_REDIRECT}), as unrolled/secure 1.0.5 applies it: the host is the
 * Host header, or the first non-empty header of {@code hostsProxyHeaders}; a request is https on a TLS connection or
 * when one of {@code sslProxyHeaders} has exactly its value (an absent header counts as empty); any other request is
 * redirected to {@code https://<host><path and query>} (the host with its port, as sent) with 301, or 307 with
 * {@code temporary}, whatever the method, and Go's {@code http.Redirect} body and content type. A host outside
 * {@code allowedHosts} is not redirected: unrolled/secure checks it first, so the request goes on to the frontend's
 * {@code headers}, which answers it 500.
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

    private final boolean temporary;
    private final Map<String, String> sslProxyHeaders;
    private final List<String> hostsProxyHeaders;
    private final List<String> allowedHosts;
    private final HttpHandler next;

    private V1SslRedirectHandler(boolean temporary, Map<String, String> sslProxyHeaders,
            List<String> hostsProxyHeaders, List<String> allowedHosts, HttpHandler next) {
        this.temporary = temporary;
        this.sslProxyHeaders = sslProxyHeaders;
        this.hostsProxyHeaders = hostsProxyHeaders;
        this.allowedHosts = allowedHosts;
        this.next = requireNonNull(next, "next");
    }

    /** What wraps a next handler in {@code middleware}'s redirect to https. */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        boolean temporary = settings.bool("temporary").orElse(false);
        Map<String, String> sslProxyHeaders = ImmutableMap.copyOf(settings.stringMap("sslProxyHeaders"));
        List<String> hostsProxyHeaders = ImmutableList.copyOf(settings.strings("hostsProxyHeaders"));
        List<String> allowedHosts = ImmutableList.copyOf(settings.strings("allowedHosts"));
        settings.requireAllRead();
        return next -> new V1SslRedirectHandler(temporary, sslProxyHeaders, hostsProxyHeaders, allowedHosts, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String host = host(exchange);
        boolean allowed = allowedHosts.isEmpty() || allowedHosts.stream().anyMatch(host::equalsIgnoreCase);
        if (!allowed || isHttps(exchange)) {
            next.handleRequest(exchange);
            return;
        }
        String query = exchange.getQueryString();
        String location = "https://" + goHost(host) + RequestPaths.rawPath(exchange)
                + (query.isEmpty() ? "" : "?" + query);
        redirect(exchange, location, temporary ? StatusCodes.TEMPORARY_REDIRECT : StatusCodes.MOVED_PERMANENTLY);
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

    private boolean isHttps(HttpServerExchange exchange) {
        if (exchange.getConnection().getSslSessionInfo() != null) {
            return true;
        }
        return sslProxyHeaders.entrySet().stream().anyMatch(header -> header.getValue().equals(
                Optional.ofNullable(exchange.getRequestHeaders().getFirst(header.getKey())).orElse("")));
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
