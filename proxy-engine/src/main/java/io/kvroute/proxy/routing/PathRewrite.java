package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One Traefik v1 request-path rewrite that a frontend rule attaches to its route. */
public sealed interface PathRewrite {
    RewrittenPath apply(RewrittenPath path);

    /**
     * {@code PathStrip}/{@code PathPrefixStrip}: removes the first of {@code prefixes} (longest first) the path
     * starts with, keeping a leading {@code /}.
     */
    record StripPrefix(List<String> prefixes) implements PathRewrite {
        public StripPrefix {
            prefixes = List.copyOf(prefixes);
        }

        @Override
        public RewrittenPath apply(RewrittenPath path) {
            for (String prefix : prefixes) {
                if (path.path().startsWith(prefix)) {
                    return path.stripped(withLeadingSlash(path.path().substring(prefix.length())), prefix);
                }
            }
            return path;
        }
    }

    /**
     * {@code PathStripRegex}/{@code PathPrefixStripRegex}: removes what the first matching mux template (longest
     * first) matches at the start of the path, keeping a leading {@code /}. Templates are compiled once.
     */
    final class StripPrefixRegex implements PathRewrite {
        private final List<String> templates;
        private final List<Pattern> patterns;

        public StripPrefixRegex(List<String> templates) {
            this.templates = List.copyOf(templates);
            this.patterns = this.templates.stream().map(t -> MuxTemplate.prefix(t, MuxTemplate.Kind.PATH)).toList();
        }

        public List<String> templates() {
            return templates;
        }

        @Override
        public RewrittenPath apply(RewrittenPath path) {
            for (Pattern pattern : patterns) {
                Matcher matcher = pattern.matcher(path.path());
                if (matcher.lookingAt()) {
                    String prefix = path.path().substring(0, matcher.end());
                    return path.stripped(withLeadingSlash(path.path().substring(matcher.end())), prefix);
                }
            }
            return path;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof StripPrefixRegex that && templates.equals(that.templates);
        }

        @Override
        public int hashCode() {
            return templates.hashCode();
        }

        @Override
        public String toString() {
            return "StripPrefixRegex" + templates;
        }
    }

    /** {@code AddPrefix}: puts {@code prefix} in front of the path. */
    record AddPrefix(String prefix) implements PathRewrite {
        public AddPrefix {
            requireNonNull(prefix, "prefix");
        }

        @Override
        public RewrittenPath apply(RewrittenPath path) {
            return path.withPath(prefix + path.path());
        }
    }

    /** {@code ReplacePath}: replaces the whole path. */
    record ReplacePath(String replacement) implements PathRewrite {
        public ReplacePath {
            requireNonNull(replacement, "replacement");
        }

        @Override
        public RewrittenPath apply(RewrittenPath path) {
            return path.replaced(replacement);
        }
    }

    /**
     * {@code ReplacePathRegex}: when the Go regular expression matches, replaces every match with the replacement
     * ({@code $1}, {@code ${name}} references); an empty replacement disables it, as in Traefik v1.
     */
    final class ReplacePathRegex implements PathRewrite {
        private final String regex;
        private final String replacement;
        private final Pattern pattern;

        public ReplacePathRegex(String regex, String replacement) {
            this.regex = requireNonNull(regex, "regex");
            this.replacement = requireNonNull(replacement, "replacement");
            this.pattern = GoRegex.compile(regex);
        }

        public String regex() {
            return regex;
        }

        public String replacement() {
            return replacement;
        }

        @Override
        public RewrittenPath apply(RewrittenPath path) {
            if (replacement.isEmpty() || !GoRegex.find(pattern, path.path())) {
                return path;
            }
            return path.replaced(GoRegex.replaceAll(pattern, path.path(), replacement));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ReplacePathRegex that && regex.equals(that.regex)
                    && replacement.equals(that.replacement);
        }

        @Override
        public int hashCode() {
            return regex.hashCode() * 31 + replacement.hashCode();
        }

        @Override
        public String toString() {
            return "ReplacePathRegex[" + regex + " -> " + replacement + "]";
        }
    }

    private static String withLeadingSlash(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }
}
