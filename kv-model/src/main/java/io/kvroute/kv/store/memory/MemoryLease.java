package io.kvroute.kv.store.memory;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * A lease of the {@link MemoryKvStore}. Its mutable state is guarded by the store's lock; every operation
 * delegates to the store.
 */
final class MemoryLease implements Lease {
    private final MemoryKvStore store;
    private final String id;
    private final Duration ttl;
    private final LeaseListener listener;

    /** Guarded by the store's lock. */
    boolean keepingAlive = true;
    /** Guarded by the store's lock; meaningful once keep-alive stopped. */
    long expiresAtNanos;
    /** Guarded by the store's lock. */
    boolean gone;
    /** Guarded by the store's lock: tell the listener when this lease expires (keep-alive was lost, not abandoned). */
    boolean reportLoss;
    /** Guarded by the store's lock. */
    ScheduledFuture<?> expiry;

    MemoryLease(MemoryKvStore store, String id, Duration ttl, LeaseListener listener) {
        this.store = requireNonNull(store, "store");
        this.id = requireNonNull(id, "id");
        this.ttl = requireNonNull(ttl, "ttl");
        this.listener = requireNonNull(listener, "listener");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    MemoryKvStore store() {
        return store;
    }

    LeaseListener listener() {
        return listener;
    }

    @Override
    public long remainingSeconds() {
        return store.remainingSeconds(this);
    }

    @Override
    public void revoke() {
        store.revoke(this);
    }

    @Override
    public void abandon() {
        store.stopKeepAlive(this, false);
    }

    @Override
    public String toString() {
        return "lease " + id + " (ttl " + GoDuration.format(ttl) + ")";
    }
}
