package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.path.RequestPaths;
import io.kvroute.proxy.routing.GoRegex;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Traefik's {@code replacePathRegex}: when {@code regex} (Go syntax, surrounding white space trimmed) matches the raw
 * (percent-encoded) path, every match is replaced by {@code replacement} (trimmed; {@code $1}, {@code ${name}} as
 * Go's {@code Regexp.Expand}), and the path it had is added as {@code X-Replaced-Path}. The query stays. A result with
 * a malformed escape is answered 500, one whose decoded form has {@code .}, {@code ..} or empty segments 400, as
 * Traefik answers them; a path the regex does not match goes on unchanged.
 *
 * <pre>{@code
 * regex ^/foo/(.*)  replacement /bar/$1:  GET /foo/baz  ->  the origin gets /bar/baz, X-Replaced-Path: /foo/baz
 * }</pre>
 */
final class ReplacePathRegexHandler implements HttpHandler {
    private final Pattern regex;
    private final String replacement;
    private final HttpHandler next;

    private ReplacePathRegexHandler(Pattern regex, String replacement, HttpHandler next) {
        this.regex = regex;
        this.replacement = replacement;
        this.next = requireNonNull(next, "next");
    }

    /**
     * What wraps a next handler in {@code middleware}'s replacement.
     *
     * @throws MiddlewareException if the regex is not a Go regular expression kvroute can apply
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        Pattern regex = GoRegexSetting.compile(settings, "regex", settings.text("regex").orElse("").strip());
        String replacement = settings.text("replacement").orElse("").strip();
        settings.requireAllRead();
        return next -> new ReplacePathRegexHandler(regex, replacement, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String raw = RequestPaths.rawPath(exchange);
        if (GoRegex.find(regex, raw)
                && !PathReplacement.replace(exchange, GoRegex.replaceAll(regex, raw, replacement), true)) {
            return;
        }
        next.handleRequest(exchange);
    }
}
