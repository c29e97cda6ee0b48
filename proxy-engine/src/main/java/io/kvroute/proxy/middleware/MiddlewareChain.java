package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.kvroute.kv.model.AddPrefix;
import io.kvroute.kv.model.BasicAuth;
import io.kvroute.kv.model.EncodedCharacters;
import io.kvroute.kv.model.Headers;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.MiddlewareTypes;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.kv.model.RedirectScheme;
import io.kvroute.kv.model.Retry;
import io.kvroute.kv.model.StripPrefix;
import io.undertow.server.HttpHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A router's middlewares as one Undertow handler, built once per routing snapshot: the first middleware in router
 * order sees the request first (and, for response headers, has the last word), the last one hands it to
 * {@code next}, the proxy. The chain is built only when kvroute applies every middleware and setting as configured:
 * a middleware kind it does not implement ({@link io.kvroute.kv.model.OpaqueMiddleware}), a setting it does not
 * apply, or settings that cannot work fail the whole build with a {@link MiddlewareException}, and the router must not
 * serve (fail closed: a router served without its ipAllowList or forwardAuth would be open to everyone). The only
 * differences a built chain may have are the {@link ToleratedDeviation}s, reported in {@code warnings}.
 *
 * <pre>{@code
 * MiddlewareChain chain = MiddlewareChain.build(List.of(stripApi, auth), proxyHandler, events);
 * chain.warnings().forEach(warning -> log.warn(warning.toLine()));
 * HttpHandler routerHandler = chain.handler();
 * }</pre>
 */
public record MiddlewareChain(HttpHandler handler, List<MiddlewareWarning> warnings) {
    public MiddlewareChain {
        requireNonNull(handler, "handler");
        warnings = ImmutableList.copyOf(requireNonNull(warnings, "warnings"));
    }

    /** {@link #build(List, HttpHandler, MiddlewareEvents)} with counts nobody reads (the dashboard's own auth). */
    public static MiddlewareChain build(List<Middleware> inRouterOrder, HttpHandler next) {
        return build(inRouterOrder, next, new MiddlewareEvents());
    }

    /**
     * Wraps {@code next} in {@code inRouterOrder}'s middlewares. Reads basic auth users files now. Warnings come in
     * router order; handlers count what they do in {@code events}.
     *
     * @throws MiddlewareException naming the first middleware, in router order, whose settings cannot work
     */
    public static MiddlewareChain build(List<Middleware> inRouterOrder, HttpHandler next, MiddlewareEvents events) {
        return build(inRouterOrder, next, events, ServiceRequests.NONE);
    }

    /**
     * {@link #build(List, HttpHandler, MiddlewareEvents)} with the configuration's {@code services}, which the errors
     * middleware asks for its pages.
     */
    public static MiddlewareChain build(List<Middleware> inRouterOrder, HttpHandler next, MiddlewareEvents events,
            ServiceRequests services) {
        return build(inRouterOrder, next, events, services, ChainScope.NONE);
    }

    /**
     * {@link #build(List, HttpHandler, MiddlewareEvents, ServiceRequests)} for a router served on the proxy's entry
     * points: {@code scope} names them (a Traefik 1.7 redirect to an entry point) and says whether the router's rule
     * rewrites paths.
     */
    public static MiddlewareChain build(List<Middleware> inRouterOrder, HttpHandler next, MiddlewareEvents events,
            ServiceRequests services, ChainScope scope) {
        requireNonNull(inRouterOrder, "inRouterOrder");
        requireNonNull(next, "next");
        List<MiddlewareWarning> warnings = new ArrayList<>();
        MiddlewareContext context = new MiddlewareContext(events, warnings, services, scope);
        refuseRetriesAroundBufferRetry(inRouterOrder);
        int deciding = lastRetry(inRouterOrder);
        List<UnaryOperator<HttpHandler>> wrappers = new ArrayList<>();
        Middleware bodyReader = null;
        for (int i = 0; i < inRouterOrder.size(); i++) {
            Middleware middleware = inRouterOrder.get(i);
            if (bodyReader != null && middleware.type().equals(GrpcWebHandler.TYPE)) {
                throw new MiddlewareException(MiddlewareException.Kind.SETTING_NOT_APPLIED, middleware.name(),
                        middleware.type(), "comes after \"" + bodyReader.name() + "\" (" + bodyReader.type()
                                + "), which reads the request body first; kvroute decodes gRPC-Web bodies only as "
                                + "they arrive (expected: grpcWeb before " + bodyReader.name() + " in the chain)");
            }
            if (bodyReader == null && readsBody(middleware)) {
                bodyReader = middleware;
            }
            if (middleware instanceof Retry && i != deciding) {
                warnings.add(ToleratedDeviation.EARLIER_RETRY.warning(middleware.name(), middleware.type(),
                        "not applied: the chain has several retry middlewares and the last, \""
                                + inRouterOrder.get(deciding).name() + "\", decides"));
            } else {
                wrappers.add(wrapper(middleware, context));
            }
        }
        HttpHandler handler = next;
        for (int i = wrappers.size() - 1; i >= 0; i--) {
            handler = wrappers.get(i).apply(handler);
        }
        RedisStores.chainUses(handler, context.redisStores());
        return new MiddlewareChain(handler, warnings);
    }

    /** Checks {@code middleware}'s settings and returns what wraps a next handler in it. */
    private static UnaryOperator<HttpHandler> wrapper(Middleware middleware, MiddlewareContext context) {
        if (middleware instanceof StripPrefix strip) {
            if (strip.forceSlash().isPresent()) {
                context.warn(ToleratedDeviation.STRIP_PREFIX_FORCE_SLASH.warning(strip.name(), strip.type(),
                        "forceSlash is deprecated in Traefik v3 and changes nothing here: the stripped path always "
                                + "starts with '/'"));
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
            return HeadersHandler.factory(headers, context);
        }
        if (middleware instanceof BasicAuth auth) {
            return BasicAuthHandler.factory(auth, context::warn, context.counter(auth.name(), "authFailed"));
        }
        if (middleware instanceof RedirectScheme redirect) {
            return RedirectSchemeHandler.factory(redirect);
        }
        if (middleware instanceof EncodedCharacters encoded) {
            return next -> new EncodedCharactersHandler(encoded, next);
        }
        if (middleware instanceof Retry retry) {
            return RetryPolicyHandler.factory(retry);
        }
        if (middleware instanceof OpaqueMiddleware opaque && MiddlewareKinds.of(opaque.type()).isPresent()) {
            return MiddlewareKinds.of(opaque.type()).orElseThrow().wrapper(opaque, context);
        }
        if (middleware instanceof OpaqueMiddleware plugin && plugin.type().equals(MiddlewareTypes.PLUGIN)) {
            String names = plugin.settings().values().keySet().stream().map(path -> path.split("/", 2)[0])
                    .distinct().collect(Collectors.joining(", "));
            throw new MiddlewareException(MiddlewareException.Kind.NOT_IMPLEMENTED, middleware.name(),
                    MiddlewareTypes.PLUGIN,
                    "Traefik plugin " + (names.isEmpty() ? "(unnamed)" : names) + ": kvroute runs no Traefik "
                            + "plugins; the router is left out rather than served without it");
        }
        throw new MiddlewareException(MiddlewareException.Kind.NOT_IMPLEMENTED, middleware.name(), middleware.type(),
                "kvroute does not implement " + middleware.type() + "; the router is left out rather than served "
                        + "without it");
    }

    /** Whether {@code middleware} reads the whole request body before the next handler sees the request. */
    private static boolean readsBody(Middleware middleware) {
        if (!(middleware instanceof OpaqueMiddleware opaque)) {
            return false;
        }
        return opaque.type().equals(BufferingHandler.TYPE) || opaque.type().equals(ForwardAuthHandler.TYPE)
                && MiddlewareSettings.of(opaque).bool("forwardBody").orElse(false);
    }

    /**
     * A buffering {@code retryExpression} next to a retry middleware or a second one: Traefik nests their retries
     * (each outer attempt runs all the inner ones), kvroute's proxy client runs one retry policy per request, so the
     * chain is refused rather than retried differently.
     */
    private static void refuseRetriesAroundBufferRetry(List<Middleware> chain) {
        List<Middleware> retrying = chain.stream().filter(BufferRetry::configuredIn).toList();
        if (retrying.isEmpty()) {
            return;
        }
        Middleware buffering = retrying.get(0);
        chain.stream().filter(middleware -> middleware instanceof Retry || middleware != buffering
                && retrying.contains(middleware)).findFirst().ifPresent(other -> {
                    throw new MiddlewareException(MiddlewareException.Kind.SETTING_NOT_APPLIED, buffering.name(),
                            buffering.type(), "retryExpression with \"" + other.name() + "\" (" + other.type()
                                    + ") in the same chain: Traefik nests their retries, kvroute retries a request "
                                    + "by one policy (expected: one retrying middleware in the chain)");
                });
    }

    private static int lastRetry(List<Middleware> middlewares) {
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            if (middlewares.get(i) instanceof Retry) {
                return i;
            }
        }
        return -1;
    }

    private static MiddlewareException invalid(Middleware middleware, String message) {
        return new MiddlewareException(MiddlewareException.Kind.INVALID_SETTING, middleware.name(),
                middleware.type(), message);
    }
}
