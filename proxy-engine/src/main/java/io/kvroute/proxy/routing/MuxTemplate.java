package io.kvroute.proxy.routing;

import java.util.regex.Pattern;

/**
 * gorilla/mux templates as Traefik v1 writes them in {@code HostRegexp}, path and query matchers, Traefik's HTTP
 * routers in the v2 syntax in the same matchers, and its TCP routers in the v2 syntax in {@code HostSNIRegexp}: literal text with {@code {name}} or {@code {name:regex}} variables.
 * A variable without a pattern matches {@code [^/]+} in paths, {@code [^.]+} in hosts and {@code .*} in query values.
 */
public final class MuxTemplate {
    enum Kind {
        PATH("[^/]+"), HOST("[^.]+"), QUERY(".*");

        private final String defaultPattern;

        Kind(String defaultPattern) {
            this.defaultPattern = defaultPattern;
        }
    }

    private MuxTemplate() {
    }

    /** The whole-text pattern of {@code template}. */
    static Pattern full(String template, Kind kind) {
        return GoRegex.compile("^" + regex(template, kind) + "$");
    }

    /**
     * The pattern of a v2 TCP {@code HostSNIRegexp} template: the whole server name, ignoring case (Traefik's
     * {@code preparePattern} in {@code pkg/muxer/tcp/matcher_v2.go}).
     *
     * @throws IllegalArgumentException if the braces or a variable are malformed, or a variable's regex does not
     *                                  compile as Go compiles it
     */
    public static Pattern hostSni(String template) {
        return hostIgnoringCase(template);
    }

    /** The pattern of a host template over the whole host, ignoring case, as (Traefik's) gorilla/mux matches hosts. */
    static Pattern hostIgnoringCase(String template) {
        return GoRegex.compile("(?i)^" + regex(template, Kind.HOST) + "$");
    }

    /** The pattern of {@code template} as a prefix; use {@link java.util.regex.Matcher#lookingAt()}. */
    static Pattern prefix(String template, Kind kind) {
        return GoRegex.compile("^" + regex(template, kind));
    }

    private static String regex(String template, Kind kind) {
        StringBuilder regex = new StringBuilder();
        int level = 0;
        int variableStart = -1;
        int literalStart = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                if (level == 0) {
                    appendLiteral(regex, template.substring(literalStart, i));
                    variableStart = i;
                }
                level++;
            } else if (c == '}' && level > 0) {
                level--;
                if (level == 0) {
                    regex.append(variable(template.substring(variableStart + 1, i), kind, template));
                    literalStart = i + 1;
                }
            }
        }
        if (level != 0) {
            throw new IllegalArgumentException("template: '" + template + "' (expected: balanced braces)");
        }
        appendLiteral(regex, template.substring(literalStart));
        return regex.toString();
    }

    private static String variable(String body, Kind kind, String template) {
        int colon = body.indexOf(':');
        String name = colon < 0 ? body : body.substring(0, colon);
        String pattern = colon < 0 ? kind.defaultPattern : body.substring(colon + 1);
        if (name.isEmpty() || pattern.isEmpty()) {
            throw new IllegalArgumentException("template: '" + template + "' (expected: {name} or {name:pattern})");
        }
        return "(?:" + pattern + ")";
    }

    private static void appendLiteral(StringBuilder regex, String literal) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal));
        }
    }
}
