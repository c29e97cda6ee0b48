package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.StickyCookie;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The sticky cookie of a service ({@code sticky/cookie}) with Traefik's defaults applied: a name (when none is
 * configured, {@link StickyCookie#generatedName} of the service with its provider; configured names
 * have characters outside the RFC 2616 token set replaced by {@code _}), path {@code /}, not secure, not HTTP-only,
 * no SameSite, session lifetime unless {@code maxAge} is set.
 */
public record StickyCookieSpec(String name, boolean secure, boolean httpOnly, Optional<String> sameSite,
        OptionalInt maxAge, String path, Optional<String> domain) {
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^`|~";

    public StickyCookieSpec {
        requireNonNull(name, "name");
        requireNonNull(sameSite, "sameSite");
        requireNonNull(maxAge, "maxAge");
        requireNonNull(path, "path");
        requireNonNull(domain, "domain");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name: \"\" (expected: a cookie name)");
        }
    }

    /**
     * The cookie a service's {@code sticky/cookie} settings describe.
     *
     * @param owner what names a cookie without a name ({@link StickyCookie#generatedName}): the service's name with
     *              its provider, {@code web@etcd}
     */
    public static StickyCookieSpec of(StickyCookie cookie, String owner) {
        requireNonNull(cookie, "cookie");
        requireNonNull(owner, "owner");
        String name = cookie.name().filter(n -> !n.isEmpty()).map(StickyCookieSpec::sanitize)
                .orElseGet(() -> StickyCookie.generatedName(owner));
        return new StickyCookieSpec(name, cookie.secure(), cookie.httpOnly(),
                cookie.sameSite().filter(s -> !s.isEmpty()), cookie.maxAge(),
                cookie.path().filter(p -> !p.isEmpty()).orElse("/"), cookie.domain().filter(d -> !d.isEmpty()));
    }

    /**
     * The {@code Set-Cookie} header value pinning {@code value}: {@code name=value; Path=/; Domain=d; Max-Age=n;
     * Secure; HttpOnly; SameSite=s}; a negative max age expires the cookie ({@code Max-Age=0}).
     */
    public String setCookieHeader(String value) {
        StringBuilder header = new StringBuilder(name).append('=').append(requireNonNull(value, "value"));
        header.append("; Path=").append(path);
        domain.ifPresent(d -> header.append("; Domain=").append(d));
        if (maxAge.isPresent() && maxAge.getAsInt() != 0) {
            header.append("; Max-Age=").append(Math.max(0, maxAge.getAsInt()));
        }
        if (secure) {
            header.append("; Secure");
        }
        if (httpOnly) {
            header.append("; HttpOnly");
        }
        sameSite.ifPresent(s -> header.append("; SameSite=").append(s));
        return header.toString();
    }

    private static String sanitize(String name) {
        StringBuilder sanitized = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
            sanitized.append(token ? c : '_');
        }
        return sanitized.toString();
    }
}
