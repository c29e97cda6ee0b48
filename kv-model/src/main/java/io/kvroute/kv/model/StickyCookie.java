package io.kvroute.kv.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;

/** Sticky sessions by cookie ({@code sticky/cookie}); absent name means a generated one ({@link #generatedName}). */
public record StickyCookie(
        Optional<String> name,
        boolean secure,
        boolean httpOnly,
        Optional<String> sameSite,
        OptionalInt maxAge,
        Optional<String> path,
        Optional<String> domain) {
    public StickyCookie {
        requireNonNull(name, "name");
        requireNonNull(sameSite, "sameSite");
        requireNonNull(maxAge, "maxAge");
        requireNonNull(path, "path");
        requireNonNull(domain, "domain");
    }

    private static final int GENERATED_NAME_LENGTH = 6;

    /** A cookie with the given name (empty: generated) and every other setting at its default. */
    public static StickyCookie named(String name) {
        return new StickyCookie(Optional.of(name).filter(n -> !n.isEmpty()), false, false, Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty());
    }

    /** This cookie, named {@code name} when it has no name of its own. */
    public StickyCookie orNamed(String name) {
        requireNonNull(name, "name");
        return this.name.isPresent() ? this
                : new StickyCookie(Optional.of(name), secure, httpOnly, sameSite, maxAge, path, domain);
    }

    /**
     * The name Traefik gives the cookie of {@code owner} when none is configured: {@code _} plus the first 5 hex
     * digits of SHA-1 of {@code _TRAEFIK_BACKEND_<owner>}, where the owner is a Traefik 1.x backend's name, or a
     * v2/v3 service's name with its provider ({@code web@etcd}), as Traefik v3 qualifies it.
     */
    public static String generatedName(String owner) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(("_TRAEFIK_BACKEND_" + owner).getBytes(UTF_8));
            return ("_" + HexFormat.of().formatHex(digest)).substring(0, GENERATED_NAME_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available in this JVM", e);
        }
    }
}
