package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.path.RequestPaths;
import io.kvroute.proxy.routing.GoRegex;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Traefik's {@code redirectRegex}: the URL the request was sent to is built as Traefik builds it, {@code https} on a
 * TLS connection and {@code http} otherwise (Traefik does not read {@code X-Forwarded-Proto} here), then the
 * {@code Host} header as sent (with its port) and the raw path and query. When {@code regex} (Go syntax) matches it,
 * every match is replaced by {@code replacement} ({@code $1}, {@code ${1}}, {@code ${name}} as Go's
 * {@code Regexp.Expand}: {@code $1x} is {@code ${1x}}); a result different from the URL redirects the client there
 * (302 for a GET, 307 otherwise; {@code permanent}: 301 and 308), a result Go cannot parse as a URL is answered
 * 502 as Traefik answers it, and an unchanged or unmatched URL goes on to the next handler.
 *
 * <pre>{@code
 * regex ^http://localhost/(.*)  replacement http://mydomain/${1}
 * GET http://localhost/a?b=1  ->  302 Location: http://mydomain/a?b=1
 * }</pre>
 */
final class RedirectRegexHandler implements HttpHandler {
    private final Pattern regex;
    private final String replacement;
    private final boolean permanent;
    private final HttpHandler next;

    private RedirectRegexHandler(Pattern regex, String replacement, boolean permanent, HttpHandler next) {
        this.regex = regex;
        this.replacement = replacement;
        this.permanent = permanent;
        this.next = requireNonNull(next, "next");
    }

    /**
     * What wraps a next handler in {@code middleware}'s redirect.
     *
     * @throws MiddlewareException if the regex is not a Go regular expression kvroute can apply
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        Pattern regex = GoRegexSetting.compile(settings, "regex", settings.text("regex").orElse(""));
        String replacement = settings.text("replacement").orElse("");
        boolean permanent = settings.bool("permanent").orElse(false);
        settings.requireAllRead();
        return next -> new RedirectRegexHandler(regex, replacement, permanent, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        redirect(exchange, regex, requestUrl(exchange, false), replacement, permanent, next);
    }

    /**
     * Traefik's redirect step: {@code url} rewritten by {@code regex} and {@code replacement} becomes the Location
     * (502 when Go could not parse it); a URL the regex does not match, or one the rewrite leaves as it was, goes on to
     * {@code next}.
     */
    static void redirect(HttpServerExchange exchange, Pattern regex, String url, String replacement, boolean permanent,
            HttpHandler next) throws Exception {
        if (!GoRegex.find(regex, url)) {
            next.handleRequest(exchange);
            return;
        }
        String rewritten = GoRegex.replaceAll(regex, url, replacement);
        Optional<String> location = GoUrl.reserialized(rewritten);
        if (location.isEmpty()) {
            RedirectResponse.sendText(exchange, StatusCodes.BAD_GATEWAY);
            return;
        }
        if (rewritten.equals(url)) {
            next.handleRequest(exchange);
            return;
        }
        RedirectResponse.send(exchange, location.get(), permanent);
    }

    /**
     * The URL as Traefik's {@code rawURL} builds it: https on TLS (or, for Traefik 1.7, {@code forwardedProto} and an
     * {@code X-Forwarded-Proto} of exactly https), the Host as sent, raw path and query.
     */
    static String requestUrl(HttpServerExchange exchange, boolean forwardedProto) {
        boolean https = exchange.getConnection().getSslSessionInfo() != null
                || forwardedProto && "https".equals(exchange.getRequestHeaders().getFirst(Headers.X_FORWARDED_PROTO));
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst(Headers.HOST))
                .orElseGet(exchange::getHostAndPort);
        String query = exchange.getQueryString();
        return (https ? "https" : "http") + "://" + host + RequestPaths.rawPath(exchange)
                + (query.isEmpty() ? "" : "?" + query);
    }
}
