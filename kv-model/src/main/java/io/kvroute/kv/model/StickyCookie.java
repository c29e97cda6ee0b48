package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;

/** Sticky sessions by cookie ({@code sticky/cookie}); absent name means a generated one. */
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

    /** A cookie with the given name (empty: generated) and every other setting at its default. */
    public static StickyCookie named(String name) {
        return new StickyCookie(Optional.of(name).filter(n -> !n.isEmpty()), false, false, Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty());
    }
}
