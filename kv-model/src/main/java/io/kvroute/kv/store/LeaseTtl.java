package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The TTL asked of {@link KvStore#grantLease}, as every adapter reads it: checked once here, and rounded here to the
 * whole seconds etcd and Consul take. How long an agent's lease must at least be is the agent's own setting
 * ({@code --ttl}); the store only refuses what no store can grant.
 */
public final class LeaseTtl {
    private LeaseTtl() {
    }

    /**
     * @throws KvStoreException {@link KvStoreException.Kind#INVALID} when {@code ttl} is zero or negative
     */
    public static Duration requirePositive(Duration ttl) {
        requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new KvStoreException(KvStoreException.Kind.INVALID, "ttl: " + ttl.toMillis() + "ms (expected: > 0)");
        }
        return ttl;
    }

    /** A positive {@code ttl} in whole seconds; a fraction rounds up so the lease never lives shorter than asked. */
    public static long wholeSeconds(Duration ttl) {
        long whole = requirePositive(ttl).toSeconds();
        return ttl.equals(Duration.ofSeconds(whole)) ? whole : whole + 1;
    }
}
