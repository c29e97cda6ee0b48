package io.kvroute.kv.store;

import java.time.Duration;

/** A TTL lease (etcd) or session (Consul) that keys can be bound to; kept alive by the adapter until revoked. */
public interface Lease {
    /** The store's id: the etcd lease id in hex, or the Consul session id. */
    String id();

    Duration ttl();

    /** Seconds the store says are left, or a negative number when the lease no longer exists. */
    long remainingSeconds();

    /** Stops keep-alive and deletes the lease and every key bound to it. Idempotent. */
    void revoke();

    /** Stops keep-alive without revoking: the keys expire after the TTL. Idempotent. */
    void abandon();
}
