package io.kvroute.proxy.routing;

import java.util.Locale;

/** Host header canonicalisation as Traefik's request decorator does it: trimmed, lower-case, port removed. */
final class HostNames {
    private HostNames() {
    }

    /** {@code "Shop.Example.COM:8080"} becomes {@code "shop.example.com"}, {@code "[::1]:80"} becomes {@code "::1"}. */
    static String canonical(String hostHeader) {
        String host = hostHeader.trim();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            host = close < 0 ? host : host.substring(1, close);
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
                host = host.substring(0, colon);
            }
        }
        return host.toLowerCase(Locale.ROOT);
    }
}
