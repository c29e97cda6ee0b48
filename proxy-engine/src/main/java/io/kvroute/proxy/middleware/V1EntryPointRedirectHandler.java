package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.proxy.http.RoutedRequest;
import io.kvroute.proxy.routing.GoRegex;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A Traefik 1.7 frontend's {@code redirect/entryPoint} (kvroute's derived type
 * {@link io.kvroute.kv.model.MiddlewareTypes#V1_REDIRECT_ENTRY_POINT}), as Traefik 1.7 builds it
 * ({@code middlewares/redirect}): a regex redirect with the regex
 * {@code ^(?:https?:\/\/)?(\[[\w:.]+\]|[\w\._-]+)(?::\d+)?(.*)$} and the replacement
 * {@code <scheme>://${1}:<port>${2}}, scheme {@code https} when the target entry point has TLS, port the one it
 * listens on (always written, {@code :443} too). The URL matched is Traefik 1.7's: {@code https} on a TLS
 * connection or with {@code X-Forwarded-Proto: https} (as the proxy kept it), else {@code http}, then the Host as
 * sent and the path and query. A changed URL is redirected to as Go writes it again: 302 for a GET and 307 otherwise,
 * with {@code permanent} 301 and 308, the status text as body; an unchanged or unmatched one goes on. As in Traefik
 * 1.7 a request that arrived on the target entry point itself is not redirected.
 *
 * <p>Refused (the router is left out, fail closed): an entry point the proxy does not have (Traefik 1.7 builds no
 * frontend then), and a router whose rule rewrites the path ({@code PathPrefixStrip}, {@code AddPrefix},
 * {@code ReplacePath}, ...), for which Traefik 1.7 puts some of the rewritten path back into the redirect.
 * Per request, a URL Go cannot parse is answered 502, as Traefik 1.7 answers it. Traefik 1.7 also runs the URL
 * through Go's text/template; Undertow answers 400 to braces in the request target or Host before any handler, so
 * there is never a template action to expand. One deliberate difference:
 * Traefik 1.7 takes the port as the first {@code :<digits>} of the entry point's address (for {@code [::1]:8443}
 * that is {@code :1}); kvroute takes the port it listens on.
 *
 * <pre>{@code
 * entry point websecure :8443 with TLS, permanent
 * GET http://example.com:8000/a?b=1  ->  301 Location: https://example.com:8443/a?b=1
 * }</pre>
 */
final class V1EntryPointRedirectHandler implements HttpHandler {
    private static final Pattern TRAEFIK_17_REGEX =
            GoRegex.compile("^(?:https?:\\/\\/)?(\\[[\\w:.]+\\]|[\\w\\._-]+)(?::\\d+)?(.*)$");

    private final String entryPoint;
    private final String replacement;
    private final boolean permanent;
    private final HttpHandler next;

    private V1EntryPointRedirectHandler(String entryPoint, String replacement, boolean permanent, HttpHandler next) {
        this.entryPoint = entryPoint;
        this.replacement = replacement;
        this.permanent = permanent;
        this.next = requireNonNull(next, "next");
    }

    /**
     * What wraps a next handler in {@code middleware}'s redirect to the entry point its settings name.
     *
     * @throws MiddlewareException naming the key the entry point was read from when the proxy has no such entry
     *     point, or when the router's rule rewrites paths
     */
    static UnaryOperator<HttpHandler> kind(Middleware middleware, MiddlewareContext context) {
        MiddlewareSettings settings = MiddlewareSettings.of((OpaqueMiddleware) middleware);
        String name = settings.text("entryPoint").orElse("");
        boolean permanent = settings.bool("permanent").orElse(false);
        String key = settings.text("key").orElse("entryPoint");
        settings.requireAllRead();
        EntryPointTarget target = context.entryPoint(name).orElseThrow(() -> new MiddlewareException(
                MiddlewareException.Kind.INVALID_SETTING, middleware.name(), middleware.type(),
                key + " \"" + name + "\": no such entry point, so Traefik 1.7 builds no frontend either (expected "
                        + "one of: " + String.join(", ", context.entryPointNames()) + ")"));
        if (context.v1PathRewrites()) {
            throw new MiddlewareException(MiddlewareException.Kind.SETTING_NOT_APPLIED, middleware.name(),
                    middleware.type(), key + " \"" + name + "\" with a rule that rewrites the path (PathPrefixStrip, "
                            + "AddPrefix, ReplacePath, ...): Traefik 1.7 then redirects to a path rebuilt from parts "
                            + "of the rewrites, which kvroute does not rebuild; the router is left out (expected: a "
                            + "rule without path modifiers)");
        }
        String replacement = (target.tls() ? "https" : "http") + "://${1}:" + target.port() + "${2}";
        return next -> new V1EntryPointRedirectHandler(name, replacement, permanent, next);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        RoutedRequest routed = RoutedRequest.of(exchange);
        if (routed != null && routed.entryPoint().equals(entryPoint)) {
            next.handleRequest(exchange);
            return;
        }
        RedirectRegexHandler.redirect(exchange, TRAEFIK_17_REGEX, RedirectRegexHandler.requestUrl(exchange, true),
                replacement, permanent, next);
    }
}
