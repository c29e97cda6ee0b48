package io.kvroute.proxy.routing;

import io.kvroute.kv.rule.Match;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The leaf matchers of v3 rules, following Traefik v3.7 {@code pkg/muxer/http/matcher.go}: regular expressions
 * use Go's {@code MatchString} semantics (found anywhere unless anchored), {@code Path} is exact,
 * {@code PathPrefix} a plain string prefix, {@code Header} an exact match on any value, {@code Query(`k`)} matches a
 * present key with an empty value.
 */
final class V3Matchers {
    private V3Matchers() {
    }

    static RequestMatcher leaf(Match match) {
        List<String> args = match.args();
        String first = args.get(0);
        switch (match.matcher()) {
            case HOST:
                return HostMatchers.v3(first);
            case HOST_REGEXP: {
                Pattern pattern = GoRegex.compile(first);
                return request -> GoRegex.find(pattern, request.canonicalHost());
            }
            case PATH:
                return request -> request.path().equals(first);
            case PATH_PREFIX:
                return request -> request.path().startsWith(first);
            case PATH_REGEXP: {
                Pattern pattern = GoRegex.compile(first);
                return request -> GoRegex.find(pattern, request.path());
            }
            case METHOD:
                return request -> request.method().equals(first);
            case HEADER: {
                String value = args.get(1);
                return request -> request.headers(first).contains(value);
            }
            case HEADER_REGEXP: {
                Pattern pattern = GoRegex.compile(args.get(1));
                return request -> request.headers(first).stream().anyMatch(v -> GoRegex.find(pattern, v));
            }
            case QUERY: {
                String value = args.size() == 2 ? args.get(1) : "";
                return request -> request.queryValues(first).contains(value);
            }
            case QUERY_REGEXP: {
                if (args.size() == 1) {
                    return request -> request.queryValues(first).contains("");
                }
                Pattern pattern = GoRegex.compile(args.get(1));
                return request -> request.queryValues(first).stream().anyMatch(v -> GoRegex.find(pattern, v));
            }
            case CLIENT_IP: {
                IpRange range;
                try {
                    range = IpRange.parse(first);
                } catch (IllegalArgumentException badRange) {
                    throw new IllegalArgumentException("ClientIP: " + badRange.getMessage(), badRange);
                }
                return request -> request.clientAddress().map(range::contains).orElse(false);
            }
            default:
                throw new IllegalArgumentException("matcher: " + match.matcher().canonicalName()
                        + " (expected: a v3 matcher; it exists only in v1 rules)");
        }
    }
}
