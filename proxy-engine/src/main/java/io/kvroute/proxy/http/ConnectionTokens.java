package io.kvroute.proxy.http;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The comma-separated tokens of {@code Connection} and {@code Upgrade} (RFC 9110 5.6.1), and the rule both directions
 * of the proxy apply to them: every header {@code Connection} names is hop-by-hop and removed (RFC 9110 7.6.1).
 */
final class ConnectionTokens {
    private ConnectionTokens() {
    }

    /**
     * The tokens of every value of a header, lower case (unmodifiable); empty when the header is absent. Parsed by hand:
     * this runs for every request that has {@code Connection}, usually with the single token {@code close} or
     * {@code keep-alive}, which then costs no set and no split.
     */
    static Set<String> of(HeaderValues values) {
        if (values == null || values.isEmpty()) {
            return Set.of();
        }
        String single = null;
        Set<String> tokens = null;
        for (String value : values) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String token = value.substring(start, end).strip();
                if (!token.isEmpty()) {
                    String lower = token.toLowerCase(Locale.ROOT);
                    if (single == null && tokens == null) {
                        single = lower;
                    } else if (!lower.equals(single)) {
                        if (tokens == null) {
                            tokens = new TreeSet<>();
                            tokens.add(single);
                        }
                        tokens.add(lower);
                    }
                }
                start = end + 1;
            }
        }
        if (tokens != null) {
            return Collections.unmodifiableSet(tokens);
        }
        return single == null ? Set.of() : Set.of(single);
    }

    /**
     * Removes every header {@code headers}' {@code Connection} names, except those {@code kept} accepts, and returns
     * the {@code Connection} tokens (lower case) so the caller can act on {@code close} or {@code upgrade}.
     */
    static Set<String> removeNamedHeaders(HeaderMap headers, Predicate<HttpString> kept) {
        Set<String> tokens = of(headers.get(Headers.CONNECTION));
        for (String name : tokens) {
            if (isToken(name)) {
                HttpString header = HttpString.tryFromString(name);
                if (!kept.test(header)) {
                    headers.remove(header);
                }
            }
        }
        return tokens;
    }

    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
