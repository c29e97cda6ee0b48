package io.kvroute.proxy.routing;

import io.kvroute.kv.rule.Match;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The leaf matchers of v2 rules ({@code ruleSyntax=v2}), following Traefik v3.7 {@code pkg/muxer/http/matcher_v2.go}
 * and gorilla/mux: {@code Host} compares the lower-cased host (a trailing dot on either side ignored, no
 * {@code *.} wildcard); {@code HostRegexp} is a mux host template over the whole host, ignoring case; {@code Path} and
 * {@code PathPrefix} are mux path templates (whole path, prefix); {@code Query} matches a template against the first
 * value of the key ({@code k=} any value of a present key); {@code Method}, {@code Headers}, {@code HeadersRegexp} and
 * {@code ClientIP} mean what they mean in v3 ({@link V3Matchers}).
 */
final class V2Matchers {
    private V2Matchers() {
    }

    static RequestMatcher leaf(Match match) {
        List<String> args = match.args();
        String first = args.get(0);
        switch (match.matcher()) {
            case HOST:
                return host(first);
            case HOST_REGEXP: {
                Pattern pattern = MuxTemplate.hostIgnoringCase(first);
                return request -> pattern.matcher(request.canonicalHost()).matches();
            }
            case PATH: {
                Pattern pattern = MuxTemplate.full(first, MuxTemplate.Kind.PATH);
                return request -> pattern.matcher(request.path()).matches();
            }
            case PATH_PREFIX: {
                Pattern pattern = MuxTemplate.prefix(first, MuxTemplate.Kind.PATH);
                return request -> pattern.matcher(request.path()).lookingAt();
            }
            case QUERY:
                return query(first, args.get(1));
            case METHOD:
            case HEADER:
            case HEADER_REGEXP:
            case CLIENT_IP:
                return V3Matchers.leaf(match);
            default:
                throw new IllegalArgumentException("matcher: " + match.matcher().canonicalName()
                        + " (expected: a v2 matcher; Traefik's v2 rules do not have it)");
        }
    }

    private static RequestMatcher host(String expected) {
        String lower = expected.toLowerCase(Locale.ROOT);
        return request -> {
            String host = request.canonicalHost();
            return !host.isEmpty() && (host.equals(lower) || withoutTrailingDot(lower).equals(host)
                    || withoutTrailingDot(host).equals(lower));
        };
    }

    private static String withoutTrailingDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    private static RequestMatcher query(String key, String valueTemplate) {
        if (valueTemplate.isEmpty()) {
            return request -> !request.queryValues(key).isEmpty();
        }
        Pattern pattern = MuxTemplate.full(valueTemplate, MuxTemplate.Kind.QUERY);
        return request -> {
            List<String> values = request.queryValues(key);
            return !values.isEmpty() && pattern.matcher(values.get(0)).matches();
        };
    }
}
