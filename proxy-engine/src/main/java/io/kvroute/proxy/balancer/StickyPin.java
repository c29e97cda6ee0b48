package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

/** A sticky cookie the proxy must set on the response because the request had no valid pin. */
public record StickyPin(StickyCookieSpec cookie, String value) {
    public StickyPin {
        requireNonNull(cookie, "cookie");
        requireNonNull(value, "value");
    }

    /** The {@code Set-Cookie} header value. */
    public String setCookieHeader() {
        return cookie.setCookieHeader(value);
    }
}
