package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.kvroute.kv.model.AddPrefix;
import io.kvroute.kv.model.BasicAuth;
import io.kvroute.kv.model.Headers;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.RedirectScheme;
import io.kvroute.kv.model.Retry;
import io.kvroute.kv.model.StripPrefix;
import io.undertow.server.HttpHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A router's middlewares as one Undertow handler, built once per routing snapshot: the first middleware in router
 * order sees the request first (and, for response headers, has the last word), the last one hands it to
 * {@code next}, the proxy. Middleware kinds kvroute does not apply
 * ({@link io.kvroute.kv.model.OpaqueMiddleware}) and settings it ignores are left out and reported in
 * {@code warnings}; a middleware whose settings cannot work fails the whole build with a
 * {@link MiddlewareException}, and the router should not serve.
 *
 * <pre>{@code
 * MiddlewareChain chain = MiddlewareChain.build(List.of(stripApi, auth), proxyHandler);
 * chain.warnings().forEach(warning -> log.warn(warning.toLine()));
 * HttpHandler routerHandler = chain.handler();
 * }</pre>
 */
public record MiddlewareChain(HttpHandler handler, List<MiddlewareWarning> warnings) {
    public MiddlewareChain {
        requireNonNull(handler, "handler");
        warnings = ImmutableList.copyOf(requireNonNull(warnings, "warnings"));
    }

    /**
     * Wraps {@code next} in {@code inRouterOrder}'s middlewares. Reads basic auth users files now. Warnings come in
     * router order.
     *
     * @throws MiddlewareException naming the first middleware, in router order, whose settings cannot work
     */
    public static MiddlewareChain build(List<Middleware> inRouterOrder, HttpHandler next) {
        requireNonNull(inRouterOrder, "inRouterOrder");
        requireNonNull(next, "next");
        List<MiddlewareWarning> warnings = new ArrayList<>();
        int deciding = lastRetry(inRouterOrder);
        List<UnaryOperator<HttpHandler>> wrappers = new ArrayList<>();
        for (int i = 0; i < inRouterOrder.size(); i++) {
            Middleware middleware = inRouterOrder.get(i);
            if (middleware instanceof Retry && i != deciding) {
                warnings.add(warning(middleware, "not applied: the chain has several retry middlewares and the "
                        + "last, \"" + inRouterOrder.get(deciding).name() + "\", decides"));
            } else {
                wrappers.add(wrapper(middleware, warnings::add));
            }
        }
        HttpHandler handler = next;
        for (int i = wrappers.size() - 1; i >= 0; i--) {
            handler = wrappers.get(i).apply(handler);
        }
        return new MiddlewareChain(handler, warnings);
    }

    /** Checks {@code middleware}'s settings and returns what wraps a next handler in it. */
    private static UnaryOperator<HttpHandler> wrapper(Middleware middleware,
            Consumer<MiddlewareWarning> warnings) {
        if (middleware instanceof StripPrefix strip) {
            if (strip.forceSlash().isPresent()) {
                warnings.accept(warning(strip, "forceSlash is deprecated in Traefik v3 and changes nothing here: "
                        + "the stripped path always starts with '/'"));
            }
            return next -> new StripPrefixHandler(strip.prefixes(), next);
        }
        if (middleware instanceof AddPrefix add) {
            if (add.prefix().isEmpty()) {
                throw invalid(add, "prefix \"\" (expected: a non-empty path prefix)");
            }
            return next -> new AddPrefixHandler(add.prefix(), next);
        }
        if (middleware instanceof Headers headers) {
            warnIgnored(headers, headers.others(), warnings);
            HeaderEdits request = edits(headers, "customRequestHeaders", headers.customRequestHeaders());
            HeaderEdits response = edits(headers, "customResponseHeaders", headers.customResponseHeaders());
            return next -> new HeadersHandler(request, response, next);
        }
        if (middleware instanceof BasicAuth auth) {
            return BasicAuthHandler.factory(auth, warnings);
        }
        if (middleware instanceof RedirectScheme redirect) {
            return RedirectSchemeHandler.factory(redirect);
        }
        if (middleware instanceof Retry retry) {
            warnIgnored(retry, retry.others(), warnings);
            RetryPolicy policy = policy(retry);
            return next -> new RetryPolicyHandler(policy, next);
        }
        warnings.accept(warning(middleware, "not applied: kvroute does not implement " + middleware.type()));
        return UnaryOperator.identity();
    }

    private static int lastRetry(List<Middleware> middlewares) {
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            if (middlewares.get(i) instanceof Retry) {
                return i;
            }
        }
        return -1;
    }

    private static RetryPolicy policy(Retry retry) {
        try {
            return new RetryPolicy(retry.attempts(), retry.initialInterval().orElse(Duration.ZERO));
        } catch (IllegalArgumentException badSetting) {
            throw invalid(retry, badSetting.getMessage());
        }
    }

    private static HeaderEdits edits(Headers headers, String setting, Map<String, String> values) {
        try {
            return HeaderEdits.of(values);
        } catch (IllegalArgumentException badHeader) {
            throw invalid(headers, setting + ": " + badHeader.getMessage());
        }
    }

    private static void warnIgnored(Middleware middleware, RawSettings others, Consumer<MiddlewareWarning> warnings) {
        if (!others.isEmpty()) {
            List<String> names = others.values().keySet().stream().map(path -> path.split("/", 2)[0])
                    .distinct().toList();
            warnings.accept(warning(middleware, "settings not applied by kvroute: " + String.join(", ", names)));
        }
    }

    private static MiddlewareWarning warning(Middleware middleware, String message) {
        return new MiddlewareWarning(middleware.name(), middleware.type(), message);
    }

    private static MiddlewareException invalid(Middleware middleware, String message) {
        return new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, middleware.name(),
                middleware.type(), message);
    }
}
