package io.kvroute.kv.rule;

import java.util.List;

/**
 * Traefik v1 rule trees rewritten as v3 trees that match the same requests (as Traefik 1.7's gorilla/mux matched
 * them), where the v3 matcher of the same name means something else:
 * <ul>
 *   <li>a mux template ({@code Path:/a/{id:[0-9]+}}, {@code HostRegexp:{sub:[a-z]+}.a.com}, a query value
 *       {@code {v:[0-9]+}}) becomes the anchored Go regular expression mux compiled it to, in {@code PathRegexp}
 *       (no end anchor for a prefix), {@code HostRegexp} (ignoring case, as mux matched hosts) or
 *       {@code QueryRegexp};</li>
 *   <li>{@code Query:k=} (the key with any value) becomes {@code QueryRegexp(`k`, `.*`)}: v3's {@code Query(`k`)}
 *       wants an empty value;</li>
 *   <li>a header with an empty value or regular expression (the header with any value) becomes
 *       {@code HeaderRegexp(`name`, `.*`)}: v3 refuses an empty argument.</li>
 * </ul>
 * Everything else keeps its matcher and arguments; v1-only matchers stay, for the formatter to refuse.
 */
final class V1Conversion {
    private static final String ANY_VALUE = ".*";

    private V1Conversion() {
    }

    static RuleExpr toV3(RuleExpr v1) {
        if (v1 instanceof Or or) {
            return new Or(toV3(or.left()), toV3(or.right()));
        }
        if (v1 instanceof And and) {
            return new And(toV3(and.left()), toV3(and.right()));
        }
        if (v1 instanceof Not not) {
            return new Not(toV3(not.expr()));
        }
        Match match = (Match) v1;
        List<String> args = match.args();
        String first = args.get(0);
        return switch (match.matcher()) {
            case HOST_REGEXP -> Match.of(Matcher.HOST_REGEXP,
                    "(?i)^" + MuxTemplateRegex.of(first, "[^.]+") + "$");
            case PATH -> isTemplate(first)
                    ? Match.of(Matcher.PATH_REGEXP, "^" + MuxTemplateRegex.of(first, "[^/]+") + "$") : match;
            case PATH_PREFIX -> isTemplate(first)
                    ? Match.of(Matcher.PATH_REGEXP, "^" + MuxTemplateRegex.of(first, "[^/]+")) : match;
            case HEADER -> args.get(1).isEmpty() ? Match.of(Matcher.HEADER_REGEXP, first, ANY_VALUE) : match;
            case HEADER_REGEXP -> args.get(1).isEmpty() ? Match.of(Matcher.HEADER_REGEXP, first, ANY_VALUE) : match;
            case QUERY -> query(first, args.size() == 2 ? args.get(1) : "");
            default -> match;
        };
    }

    private static Match query(String key, String value) {
        if (value.isEmpty()) {
            return Match.of(Matcher.QUERY_REGEXP, key, ANY_VALUE);
        }
        return isTemplate(value) ? Match.of(Matcher.QUERY_REGEXP, key, "^" + MuxTemplateRegex.of(value, ".*") + "$")
                : Match.of(Matcher.QUERY, key, value);
    }

    private static boolean isTemplate(String value) {
        return value.indexOf('{') >= 0;
    }
}
