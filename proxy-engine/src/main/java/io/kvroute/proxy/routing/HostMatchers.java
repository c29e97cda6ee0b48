package io.kvroute.proxy.routing;

import java.util.Locale;

/** The {@code Host} matchers of both syntaxes, over the canonical host ({@link HostNames#canonical}). */
final class HostMatchers {
    private HostMatchers() {
    }

    /**
     * v3 {@code Host}: case-insensitive; a trailing dot on either side is ignored; {@code *.a.com} matches exactly
     * one label before {@code a.com} (not {@code a.com} itself, not {@code x.y.a.com}); {@code *} matches any host.
     */
    static RequestMatcher v3(String expression) {
        String expr = expression.toLowerCase(Locale.ROOT);
        if (expr.equals("*")) {
            return request -> !request.canonicalHost().isEmpty();
        }
        String bareExpr = withoutTrailingDot(expr);
        return request -> {
            String host = request.canonicalHost();
            return !host.isEmpty() && matchesExpression(withoutTrailingDot(host), bareExpr);
        };
    }

    /** v1 {@code Host}: the canonical host equals the (lower-cased) argument. */
    static RequestMatcher v1(String host) {
        String expected = host.toLowerCase(Locale.ROOT);
        return request -> request.canonicalHost().equals(expected);
    }

    private static boolean matchesExpression(String host, String expr) {
        if (expr.startsWith("*.")) {
            int firstDot = host.indexOf('.');
            int suffix = expr.length() - 1;
            return firstDot > 0 && host.length() - firstDot == suffix && host.regionMatches(firstDot, expr, 1, suffix);
        }
        return host.equals(expr);
    }

    private static String withoutTrailingDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
