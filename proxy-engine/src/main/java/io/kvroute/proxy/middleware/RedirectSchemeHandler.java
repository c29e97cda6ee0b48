package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.RedirectScheme;
import io.kvroute.proxy.path.RequestPaths;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Traefik's {@code redirectScheme}: the URL the client used is rebuilt from the scheme ({@code X-Forwarded-Proto}
 * first, {@code ws}/{@code wss} counting as {@code http}/{@code https}, then the connection), the {@code Host}
 * header and the raw path and query. The target URL has the configured scheme and port and drops the client's
 * port; default ports (80 for http, 443 for https) are never written. The client is redirected only when the two
 * differ, so a request already on the target never loops. Status: 302 (GET) or 307 (other methods), with
 * {@code permanent} 301 or 308.
 */
final class RedirectSchemeHandler implements HttpHandler {
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");

    private final String scheme;
    private final String portSuffix;
    private final boolean permanent;
    private final HttpHandler next;

    private RedirectSchemeHandler(String scheme, String portSuffix, boolean permanent, HttpHandler next) {
        this.scheme = scheme;
        this.portSuffix = portSuffix;
        this.permanent = permanent;
        this.next = next;
    }

    /**
     * What wraps a next handler in {@code config}'s redirect; the scheme is compared case-insensitively.
     *
     * @throws MiddlewareException if the scheme is missing or not a URL scheme, or the port is not 1-65535
     */
    static UnaryOperator<HttpHandler> factory(RedirectScheme config) {
        requireNonNull(config, "config");
        String scheme = config.scheme().orElse("").toLowerCase(Locale.ROOT);
        if (!SCHEME.matcher(scheme).matches()) {
            throw invalid(config, "scheme \"" + config.scheme().orElse("") + "\" (expected: a URL scheme such as "
                    + "https)");
        }
        String port = config.port().orElse("");
        if (!port.isEmpty() && !isPort(port)) {
            throw invalid(config, "port \"" + port + "\" (expected: 1-65535)");
        }
        String portSuffix = port.isEmpty() || isDefaultPort(scheme, port) ? "" : ":" + port;
        return next -> new RedirectSchemeHandler(scheme, portSuffix, config.permanent(),
                requireNonNull(next, "next"));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String currentScheme = clientScheme(exchange);
        String authority = Optional.ofNullable(exchange.getRequestHeaders().getFirst(Headers.HOST))
                .orElseGet(exchange::getHostAndPort);
        String host = authority;
        String port = "";
        int portStart = portStart(authority);
        if (portStart >= 0) {
            host = authority.substring(0, portStart);
            port = authority.substring(portStart + 1);
        }
        String target = RequestPaths.rawPath(exchange)
                + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString());
        String current = currentScheme + "://" + host
                + (port.isEmpty() || isDefaultPort(currentScheme, port) ? "" : ":" + port) + target;
        String location = scheme + "://" + host + portSuffix + target;
        if (location.equals(current)) {
            next.handleRequest(exchange);
            return;
        }
        RedirectResponse.send(exchange, location, permanent);
    }

    private static String clientScheme(HttpServerExchange exchange) {
        String forwarded = exchange.getRequestHeaders().getFirst(Headers.X_FORWARDED_PROTO);
        if (forwarded != null) {
            if (forwarded.equalsIgnoreCase("http") || forwarded.equalsIgnoreCase("ws")) {
                return "http";
            }
            if (forwarded.equalsIgnoreCase("https") || forwarded.equalsIgnoreCase("wss")) {
                return "https";
            }
        }
        return exchange.getRequestScheme().toLowerCase(Locale.ROOT);
    }

    /** The index of the {@code :} before the port in a Host value ({@code [::1]:8080}, {@code a:80}), or -1. */
    private static int portStart(String authority) {
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || authority.indexOf(']', colon) >= 0) {
            return -1;
        }
        if (authority.startsWith("[") ? authority.charAt(colon - 1) != ']' : authority.indexOf(':') != colon) {
            return -1;
        }
        return colon;
    }

    private static boolean isPort(String text) {
        if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535;
    }

    private static boolean isDefaultPort(String scheme, String port) {
        return scheme.equals("http") && port.equals("80") || scheme.equals("https") && port.equals("443");
    }

    private static MiddlewareException invalid(RedirectScheme config, String message) {
        return new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, config.name(), config.type(),
                message);
    }
}
