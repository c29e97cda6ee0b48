package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.rule.Rule;

/** A router's rule compiled once per snapshot: the parsed rule, its matcher, and the v1 path rewrites it carries. */
public record CompiledRule(Rule rule, RequestMatcher matcher, PathRewrites rewrites) {
    public CompiledRule {
        requireNonNull(rule, "rule");
        requireNonNull(matcher, "matcher");
        requireNonNull(rewrites, "rewrites");
    }

    public boolean matches(RequestView request) {
        return matcher.matches(request);
    }
}
