package io.kvroute.kv.model;

import io.kvroute.kv.rule.RuleSyntax;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * An HTTP router ({@code http/routers/<name>}, or a v1 frontend): a rule in {@code syntax}, the service it sends to,
 * entry points, middlewares in order, and a priority (64-bit, Traefik's Go {@code int}) where 0 means "default" (see {@link #effectivePriority()}).
 * An empty {@code rule} or {@code service} means none was given (the mappers report it). {@code v1Routes} keeps a v1
 * frontend's route rules by route name; {@code rule} is then those rules joined with {@code ;}. {@code tls} holds
 * the raw TLS settings when TLS is on, {@code passHostHeader} a v1 frontend's override of the service setting,
 * {@code extras} untyped fields (e.g. {@code observability}) so they round trip.
 */
public record Router(
        String name,
        String rule,
        RuleSyntax syntax,
        SortedMap<String, String> v1Routes,
        String service,
        List<String> entryPoints,
        List<String> middlewares,
        long priority,
        Optional<RawSettings> tls,
        Optional<Boolean> passHostHeader,
        RawSettings extras) {

    public Router {
        Names.check("name", name);
        requireNonNull(rule, "rule");
        requireNonNull(syntax, "syntax");
        v1Routes = ImmutableSortedMap.copyOf(requireNonNull(v1Routes, "v1Routes"));
        requireNonNull(service, "service");
        entryPoints = ImmutableList.copyOf(requireNonNull(entryPoints, "entryPoints"));
        middlewares = ImmutableList.copyOf(requireNonNull(middlewares, "middlewares"));
        requireNonNull(tls, "tls");
        requireNonNull(passHostHeader, "passHostHeader");
        requireNonNull(extras, "extras");
        if (!v1Routes.isEmpty()) {
            if (syntax != RuleSyntax.V1) {
                throw new IllegalArgumentException("v1Routes: " + v1Routes + " (expected: none for syntax " + syntax + ")");
            }
            String joined = joinRoutes(v1Routes);
            if (!rule.equals(joined)) {
                throw new IllegalArgumentException("rule: \"" + rule + "\" (expected: \"" + joined + "\", the v1 routes)");
            }
        }
    }

    /** A v2/v3-syntax router with default priority, entry points and no middlewares. */
    public static Router of(String name, String rule, String service) {
        return new Router(name, rule, RuleSyntax.V3, ImmutableSortedMap.of(), service, List.of(), List.of(), 0,
                Optional.empty(), Optional.empty(), RawSettings.empty());
    }

    /** A v1 frontend-style router whose rule is its routes' rules, sorted by route name, joined with {@code ;}. */
    public static Router ofV1Routes(String name, SortedMap<String, String> routes, String service) {
        return new Router(name, joinRoutes(routes), RuleSyntax.V1, routes, service, List.of(), List.of(), 0,
                Optional.empty(), Optional.empty(), RawSettings.empty());
    }

    /**
     * The priority used to order routers: the explicit one when not 0, else Traefik's default: for v2/v3 the UTF-8
     * byte length of the rule, for v1 the sum of the route rules' lengths (the rule's length if no routes are kept).
     */
    public long effectivePriority() {
        if (priority != 0) {
            return priority;
        }
        if (syntax == RuleSyntax.V1 && !v1Routes.isEmpty()) {
            return v1Routes.values().stream().mapToInt(route -> route.getBytes(UTF_8).length).sum();
        }
        return rule.getBytes(UTF_8).length;
    }

    public Router withEntryPoints(List<String> newEntryPoints) {
        return new Router(name, rule, syntax, v1Routes, service, newEntryPoints, middlewares, priority, tls,
                passHostHeader, extras);
    }

    public Router withMiddlewares(List<String> newMiddlewares) {
        return new Router(name, rule, syntax, v1Routes, service, entryPoints, newMiddlewares, priority, tls,
                passHostHeader, extras);
    }

    public Router withPriority(long newPriority) {
        return new Router(name, rule, syntax, v1Routes, service, entryPoints, middlewares, newPriority, tls,
                passHostHeader, extras);
    }

    public Router withTls(Optional<RawSettings> newTls) {
        return new Router(name, rule, syntax, v1Routes, service, entryPoints, middlewares, priority, newTls,
                passHostHeader, extras);
    }

    public Router withPassHostHeader(Optional<Boolean> newPassHostHeader) {
        return new Router(name, rule, syntax, v1Routes, service, entryPoints, middlewares, priority, tls,
                newPassHostHeader, extras);
    }

    /** This router with a new rule and syntax (e.g. a converted rule); kept v1 routes are dropped. */
    public Router withRule(String newRule, RuleSyntax newSyntax) {
        return new Router(name, newRule, newSyntax, ImmutableSortedMap.of(), service, entryPoints, middlewares,
                priority, tls, passHostHeader, extras);
    }

    private static String joinRoutes(SortedMap<String, String> routes) {
        return String.join(";", routes.values());
    }
}
