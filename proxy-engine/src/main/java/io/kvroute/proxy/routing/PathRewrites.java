package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The path rewrites a v1 frontend rule attaches to its route, in the order Traefik v1 applies them: strip by
 * regex, strip prefix, add prefix, replace by regex, replace. v2/v3 routers have none (their rewrites are
 * middlewares).
 */
public record PathRewrites(List<PathRewrite> steps) {
    public static final PathRewrites NONE = new PathRewrites(List.of());

    public PathRewrites {
        steps = List.copyOf(requireNonNull(steps, "steps"));
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Applies every step to the decoded request path. */
    public RewrittenPath apply(String path) {
        RewrittenPath result = RewrittenPath.of(requireNonNull(path, "path"));
        for (PathRewrite step : steps) {
            result = step.apply(result);
        }
        return result;
    }
}
