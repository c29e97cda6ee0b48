package io.kvroute.proxy.web;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Protects the admin actions against cross-site requests. A state-changing request must be a POST that carries
 * {@value #HEADER} with the token of its user (an HMAC of the user name under a secret made at start, so it is bound
 * to the credentials and dies with the process) and comes from this origin: its {@code Origin}, or without one its
 * {@code Referer}, must name the {@code Host} it was sent to, and {@code Sec-Fetch-Site}, when sent, must be
 * {@code same-origin}.
 */
final class CsrfGuard {
    static final String HEADER = "X-Kvroute-Csrf";
    private static final HttpString HEADER_NAME = HttpString.tryFromString(HEADER);
    private static final HttpString SEC_FETCH_SITE = HttpString.tryFromString("Sec-Fetch-Site");

    private final byte[] secret;

    CsrfGuard() {
        this.secret = new byte[32];
        new SecureRandom().nextBytes(secret);
    }

    /** The token of {@code user} ("" when the listener has no auth). */
    String token(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal(("kvroute-web-csrf\n" + user).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Why {@code exchange} (by {@code user}) may not change anything, or empty if it may. */
    Optional<String> refusal(HttpServerExchange exchange, String user) {
        String presented = exchange.getRequestHeaders().getFirst(HEADER_NAME);
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                token(user).getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("missing or wrong " + HEADER + " header (expected: the token of /api/kvroute/session)");
        }
        String fetchSite = exchange.getRequestHeaders().getFirst(SEC_FETCH_SITE);
        if (fetchSite != null && !fetchSite.equals("same-origin")) {
            return Optional.of("Sec-Fetch-Site: " + fetchSite + " (expected: same-origin)");
        }
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        if (host == null) {
            return Optional.of("no Host header (expected: the address of this listener)");
        }
        String self = exchange.getRequestScheme() + "://" + host;
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        if (origin != null) {
            return origin.equals(self) ? Optional.empty()
                    : Optional.of("Origin: " + origin + " (expected: " + self + ")");
        }
        String referer = exchange.getRequestHeaders().getFirst(Headers.REFERER);
        if (referer != null) {
            return referer.startsWith(self + "/") ? Optional.empty()
                    : Optional.of("Referer from another origin (expected: " + self + "/...)");
        }
        return Optional.of("neither Origin nor Referer (expected: a request from the dashboard page)");
    }
}
