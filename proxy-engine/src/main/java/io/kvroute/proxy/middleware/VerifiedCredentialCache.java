package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a short time, that a user's password was verified, so that a client sending the same credentials
 * on every request costs one bcrypt run per {@code ttl} rather than one per request. No password is stored: an
 * entry holds an HMAC-SHA256 of user and password under a random key that never leaves this object. There is at
 * most one entry per user (the last success), so the cache is bounded by the number of configured users.
 */
final class VerifiedCredentialCache {
    private static final String MAC_ALGORITHM = "HmacSHA256";

    private record Entry(byte[] mac, long expiresAtNanos) {
    }

    private final Duration ttl;
    private final LongSupplier nanoClock;
    private final SecretKeySpec key;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** {@code nanoClock} is a monotonic clock in nanoseconds, {@link System#nanoTime()} outside tests. */
    VerifiedCredentialCache(Duration ttl, LongSupplier nanoClock) {
        this.ttl = requireNonNull(ttl, "ttl");
        this.nanoClock = requireNonNull(nanoClock, "nanoClock");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, MAC_ALGORITHM);
    }

    /** Whether {@code user} with {@code password} was remembered less than {@code ttl} ago. */
    boolean contains(String user, byte[] password) {
        Entry entry = entries.get(user);
        return entry != null && entry.expiresAtNanos() - nanoClock.getAsLong() > 0
                && MessageDigest.isEqual(entry.mac(), mac(user, password));
    }

    /** Records a successful verification of {@code user} with {@code password}, replacing the user's last one. */
    void remember(String user, byte[] password) {
        entries.put(user, new Entry(mac(user, password), nanoClock.getAsLong() + ttl.toNanos()));
    }

    private byte[] mac(String user, byte[] password) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password);
        } catch (GeneralSecurityException missingFromJdk) {
            throw new IllegalStateException(MAC_ALGORITHM + " is not available in this JDK", missingFromJdk);
        }
    }
}
