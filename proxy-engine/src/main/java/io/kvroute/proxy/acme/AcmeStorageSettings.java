package io.kvroute.proxy.acme;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the resolvers keep their shared state in the store: the key {@code prefix} (kvroute's own, never
 * inside Traefik's), the file whose content keys the encryption of private keys ({@code --acme.storage.keyFile};
 * without it nothing is ordered, since no private key may be written in the clear), the TTL of the lease an order
 * lock is held on (a proxy that dies holding it loses it this long after), the back-off after a failed order, and
 * how often an order's status is polled when the CA gives no {@code Retry-After}.
 */
public record AcmeStorageSettings(String prefix, Optional<Path> keyFile, Duration lockTtl, Backoff retry,
        Duration pollInterval) {
    /** kvroute's default prefix: outside Traefik's {@code traefik/}. */
    public static final String DEFAULT_PREFIX = "kvroute/acme/";
    /** A lost lock holder is replaced this long after it died. */
    public static final Duration DEFAULT_LOCK_TTL = Duration.ofSeconds(15);
    /** One minute after the first failure, doubling up to an hour (Let's Encrypt counts failures per hour). */
    public static final Backoff DEFAULT_RETRY = new Backoff(Duration.ofMinutes(1), Duration.ofHours(1));

    public AcmeStorageSettings {
        requireNonNull(prefix, "prefix");
        requireNonNull(keyFile, "keyFile");
        requireNonNull(lockTtl, "lockTtl");
        requireNonNull(retry, "retry");
        requireNonNull(pollInterval, "pollInterval");
        if (prefix.isEmpty() || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("--acme.storage.prefix=" + prefix
                    + ": expected a non-empty key prefix ending with /, e.g. " + DEFAULT_PREFIX);
        }
    }

    /** The defaults with this key file (or none). */
    public static AcmeStorageSettings defaults(Optional<Path> keyFile) {
        return new AcmeStorageSettings(DEFAULT_PREFIX, keyFile, DEFAULT_LOCK_TTL, DEFAULT_RETRY, Duration.ofSeconds(1));
    }
}
