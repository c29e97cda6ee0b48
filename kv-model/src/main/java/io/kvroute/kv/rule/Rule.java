package io.kvroute.kv.rule;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * A parsed routing rule: the text as stored, the syntax it was read with, and its expression tree. Arguments keep
 * their source text (hosts are not lower-cased), so read them per syntax: in {@link RuleSyntax#V1} and {@link RuleSyntax#V2},
 * {@code HostRegexp} and the path matchers hold gorilla/mux templates ({@code /users/{id:[0-9]+}}); in
 * {@link RuleSyntax#V3} they hold regular expressions or literal paths.
 */
public record Rule(String text, RuleSyntax syntax, RuleExpr expr) {
    public Rule {
        requireNonNull(text, "text");
        requireNonNull(syntax, "syntax");
        requireNonNull(expr, "expr");
    }

    /** Traefik's priority for a router without an explicit one: the rule's length in UTF-8 bytes (Go {@code len}). */
    public int defaultPriority() {
        return utf8Length(text);
    }

    /**
     * Traefik v1's priority for a frontend without an explicit one: the sum of the UTF-8 byte lengths of all its
     * route rules.
     */
    public static int v1FrontendPriority(Iterable<String> routeRules) {
        requireNonNull(routeRules, "routeRules");
        int sum = 0;
        for (String routeRule : routeRules) {
            sum += utf8Length(requireNonNull(routeRule, "routeRule"));
        }
        return sum;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
