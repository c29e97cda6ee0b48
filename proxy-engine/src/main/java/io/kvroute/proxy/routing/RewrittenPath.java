package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A request path after v1 rewrites, with the headers Traefik v1 adds on the way: one {@code X-Forwarded-Prefix}
 * value per stripped prefix and one {@code X-Replaced-Path} value per replaced path (the path before replacement).
 */
public record RewrittenPath(String path, List<String> forwardedPrefixes, List<String> replacedPaths) {
    public RewrittenPath {
        requireNonNull(path, "path");
        forwardedPrefixes = List.copyOf(forwardedPrefixes);
        replacedPaths = List.copyOf(replacedPaths);
    }

    /** A path nothing has rewritten yet. */
    public static RewrittenPath of(String path) {
        return new RewrittenPath(path, List.of(), List.of());
    }

    RewrittenPath stripped(String newPath, String prefix) {
        return new RewrittenPath(newPath, appended(forwardedPrefixes, prefix), replacedPaths);
    }

    RewrittenPath replaced(String newPath) {
        return new RewrittenPath(newPath, forwardedPrefixes, appended(replacedPaths, path));
    }

    RewrittenPath withPath(String newPath) {
        return new RewrittenPath(newPath, forwardedPrefixes, replacedPaths);
    }

    private static List<String> appended(List<String> values, String value) {
        List<String> copy = new ArrayList<>(values);
        copy.add(value);
        return copy;
    }
}
