package io.kvroute.proxy.http;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The comma-separated tokens of {@code Connection} and {@code Upgrade} (RFC 9110 5.6.1), and the rule both directions
 * of the proxy apply to them: every header {@code Connection} names is hop-by-hop and removed (RFC 9110 7.6.1).
 */
final class ConnectionTokens {
    private ConnectionTokens() {
    }

    /** The tokens of every value of a header, lower case (unmodifiable); empty when the header is absent. */
    static Set<String> of(HeaderValues values) {
        if (values == null || values.isEmpty()) {
            return Set.of();
        }
        Set<String> tokens = new TreeSet<>();
        for (String value : values) {
            for (String token : value.split(",")) {
                String trimmed = token.trim();
                if (!trimmed.isEmpty()) {
                    tokens.add(trimmed.toLowerCase(Locale.ROOT));
                }
            }
        }
        return Collections.unmodifiableSet(tokens);
    }

    /**
     * Removes every header {@code headers}' {@code Connection} names, except those in {@code kept}, and returns the
     * {@code Connection} tokens (lower case) so the caller can act on {@code close} or {@code upgrade}.
     */
    static Set<String> removeNamedHeaders(HeaderMap headers, Set<HttpString> kept) {
        Set<String> tokens = of(headers.get(Headers.CONNECTION));
        for (String name : tokens) {
            if (isToken(name)) {
                HttpString header = HttpString.tryFromString(name);
                if (!kept.contains(header)) {
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
