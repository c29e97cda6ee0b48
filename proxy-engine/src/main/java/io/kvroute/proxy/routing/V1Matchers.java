package io.kvroute.proxy.routing;

import io.kvroute.kv.rule.Match;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The leaf matchers of v1 rules, following Traefik v1.7 {@code rules/rules.go} and gorilla/mux: {@code Host}
 * compares the lower-cased host, {@code HostRegexp} matches its mux template ignoring case (Traefik's fork of mux
 * compiles host templates with {@code (?i)}); path arguments containing {@code {} are mux templates (whole path for
 * {@code Path}/{@code PathStrip}/{@code PathStripRegex}, prefix for the prefix forms), others are literal;
 * {@code Headers} and {@code Query} values are exact (a template for query values with {@code {}) on any value,
 * {@code Query:k=} only needs the key; rewrite-only parts ({@code AddPrefix}, {@code ReplacePath},
 * {@code ReplacePathRegex}) match every request.
 */
final class V1Matchers {
    private V1Matchers() {
    }

    static RequestMatcher leaf(Match match) {
        List<String> args = match.args();
        String first = args.get(0);
        switch (match.matcher()) {
            case HOST:
                return HostMatchers.v1(first);
            case HOST_REGEXP: {
                Pattern pattern = MuxTemplate.hostIgnoringCase(first);
                return request -> pattern.matcher(request.canonicalHost()).matches();
            }
            case PATH:
            case PATH_STRIP:
            case PATH_STRIP_REGEX:
                return wholePath(first);
            case PATH_PREFIX:
            case PATH_PREFIX_STRIP:
            case PATH_PREFIX_STRIP_REGEX:
                return pathPrefix(first);
            case METHOD:
                return request -> request.method().equals(first);
            case HEADER: {
                String value = args.get(1);
                return value.isEmpty() ? request -> !request.headers(first).isEmpty()
                        : request -> request.headers(first).contains(value);
            }
            case HEADER_REGEXP: {
                Pattern pattern = GoRegex.compile(args.get(1));
                return request -> request.headers(first).stream().anyMatch(v -> GoRegex.find(pattern, v));
            }
            case QUERY:
                return query(first, args.size() == 2 ? args.get(1) : "");
            case ADD_PREFIX:
            case REPLACE_PATH:
            case REPLACE_PATH_REGEX:
                return request -> true;
            default:
                throw new IllegalArgumentException("matcher: " + match.matcher().canonicalName()
                        + " (expected: a v1 matcher; it exists only in v3 rules)");
        }
    }

    private static RequestMatcher wholePath(String template) {
        if (template.indexOf('{') < 0) {
            return request -> request.path().equals(template);
        }
        Pattern pattern = MuxTemplate.full(template, MuxTemplate.Kind.PATH);
        return request -> pattern.matcher(request.path()).matches();
    }

    private static RequestMatcher pathPrefix(String template) {
        if (template.indexOf('{') < 0) {
            return request -> request.path().startsWith(template);
        }
        Pattern pattern = MuxTemplate.prefix(template, MuxTemplate.Kind.PATH);
        return request -> pattern.matcher(request.path()).lookingAt();
    }

    private static RequestMatcher query(String key, String value) {
        if (value.isEmpty()) {
            return request -> !request.queryValues(key).isEmpty();
        }
        if (value.indexOf('{') < 0) {
            return request -> request.queryValues(key).contains(value);
        }
        Pattern pattern = MuxTemplate.full(value, MuxTemplate.Kind.QUERY);
        return request -> request.queryValues(key).stream().anyMatch(v -> pattern.matcher(v).matches());
    }
}
