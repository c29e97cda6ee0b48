package io.kvroute.proxy.middleware;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * forwardAuth's {@code addAuthCookiesToResponse}: the origin's {@code Set-Cookie} headers but those of the listed
 * names, then the authentication server's of the listed names. A {@code Set-Cookie} value without a name (no
 * {@code =}) is dropped, as Go's cookie parser drops it.
 */
final class AuthCookies {
    private AuthCookies() {
    }

    static void replace(HeaderMap response, List<String> authCookies, Set<String> names) {
        HeaderValues origin = response.get(Headers.SET_COOKIE);
        List<String> kept = new ArrayList<>();
        if (origin != null) {
            for (String cookie : origin) {
                name(cookie).filter(name -> !names.contains(name)).ifPresent(name -> kept.add(cookie));
            }
        }
        for (String cookie : authCookies) {
            name(cookie).filter(names::contains).ifPresent(name -> kept.add(cookie));
        }
        response.remove(Headers.SET_COOKIE);
        response.addAll(Headers.SET_COOKIE, kept);
    }

    private static Optional<String> name(String setCookie) {
        int equals = setCookie.indexOf('=');
        if (equals <= 0) {
            return Optional.empty();
        }
        String name = setCookie.substring(0, equals).strip();
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
}
