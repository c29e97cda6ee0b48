package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traefik's {@code stripPrefixRegex}: the first of the {@code regex} list (Go syntax, trimmed; in configuration
 * order) whose leftmost match on the decoded path is not empty and starts the path has that match removed, as
 * {@code stripPrefix} removes a prefix: from both forms of the path, kept starting with {@code /}, added as
 * {@code X-Forwarded-Prefix}, and 400 when what remains has {@code .}, {@code ..} or empty segments.
 *
 * <pre>{@code
 * regex /foo/[a-z0-9]+/[0-9]+/:  GET /foo/abc/123/bar  ->  the origin gets /bar, X-Forwarded-Prefix: /foo/abc/123/
 * }</pre>
 */
final class StripPrefixRegexHandler implements HttpHandler {
    private final List<Pattern> regexes;
    private final HttpHandler next;

    private StripPrefixRegexHandler(List<Pattern> regexes, HttpHandler next) {
        this.regexes = regexes;
        this.next = requireNonNull(next, "next");
    }

    /**
     * What wraps a next handler in {@code middleware}'s stripping.
     *
     * @throws MiddlewareException if a regex is not a Go regular expression kvroute can apply
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        List<Pattern> regexes = settings.strings("regex").stream()
                .map(regex -> GoRegexSetting.compile(settings, "regex", regex.strip()))
                .collect(ImmutableList.toImmutableList());
        settings.requireAllRead();
        return next -> new StripPrefixRegexHandler(regexes, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        for (Pattern regex : regexes) {
            Matcher match = regex.matcher(path);
            if (match.find() && match.end() > match.start() && path.startsWith(match.group())) {
                if (!StripPrefixHandler.strip(exchange, match.group())) {
                    return;
                }
                break;
            }
        }
        next.handleRequest(exchange);
    }
}
