package io.kvroute.kv.store.memory;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvOperation;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import io.kvroute.kv.store.LeaseTtl;
import io.kvroute.kv.store.TransactionRules;
import io.kvroute.kv.store.WatchListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The in-process store used by {@code standalone} mode and fast tests. It behaves like etcd where the port cares:
 * one global revision counter (starting at 1, raised by every transaction that changes something), byte-wise key
 * order, all-or-nothing transactions shaped by {@link TransactionRules} (a put bound to an unknown lease fails the
 * whole transaction with {@code NOT_FOUND}), TTL leases whose keys are deleted in one revision when they expire or are revoked, watches
 * that report each change with its key and value and signal changes missed since their start revision (without
 * details: the history keeps keys only), and {@link #compact(long) compaction}.
 *
 * <p>Keep-alive always succeeds: a lease lives until it is revoked or abandoned. {@link #loseKeepAlive(Lease)} and
 * {@link #expire(Lease)} simulate a lost keep-alive for tests. Watch signals and lease-loss notices run on one
 * dispatcher thread, never under the store's lock; the history of changed keys keeps the last
 * {@value #HISTORY_LIMIT} revisions (older ones are compacted automatically).
 */
public final class MemoryKvStore implements KvStore {
    static final int HISTORY_LIMIT = 10_000;

    private final Object lock = new Object();
    @GuardedBy("lock")
    private final KeySpace keys = new KeySpace();
    @GuardedBy("lock")
    private final Map<String, MemoryLease> leases = new HashMap<>();
    @GuardedBy("lock")
    private final Set<MemoryWatch> watches = new LinkedHashSet<>();
    @GuardedBy("lock")
    private final ChangeLog history = new ChangeLog(HISTORY_LIMIT);
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(daemon("kvroute-memory-store-events"));
    private final ScheduledExecutorService leaseTimer =
            Executors.newSingleThreadScheduledExecutor(daemon("kvroute-memory-store-leases"));
    @GuardedBy("lock")
    private long revision = 1;
    @GuardedBy("lock")
    private long leaseCounter;
    @GuardedBy("lock")
    private boolean closed;

    @Override
    public KvSnapshot list(String prefix) {
        requireNonNull(prefix, "prefix");
        synchronized (lock) {
            ensureOpen();
            return new KvSnapshot(keys.list(prefix), revision);
        }
    }

    @Override
    public KvWatch watch(String prefix, long afterRevision, WatchListener listener) {
        requireNonNull(prefix, "prefix");
        requireNonNull(listener, "listener");
        synchronized (lock) {
            ensureOpen();
            MemoryWatch watch = new MemoryWatch(prefix, listener, this::forget);
            if (history.isCompacted(afterRevision)) {
                KvStoreException compacted = new KvStoreException(Kind.COMPACTED, "memory store: watch of \"" + prefix
                        + "\" after revision " + afterRevision + ": compacted through revision "
                        + history.compactedThrough() + " (expected: re-list and watch from the new revision)");
                dispatcher.execute(() -> watch.signalEnded(compacted));
                return watch;
            }
            history.newestChangeUnder(prefix, afterRevision)
                    .ifPresent(missed -> dispatcher.execute(() -> watch.signalChanged(missed)));
            watches.add(watch);
            return watch;
        }
    }

    @Override
    public long commit(KvTransaction transaction) {
        requireNonNull(transaction, "transaction");
        synchronized (lock) {
            ensureOpen();
            TransactionRules.check(transaction, describe());
            for (KvOperation operation : transaction.operations()) {
                if (operation instanceof KvOperation.Put put && put.lease().isPresent()) {
                    requireLiveLease(put.key(), put.lease().get());
                }
            }
            List<String> changed = new ArrayList<>();
            for (KvOperation operation : transaction.operations()) {
                keys.apply(operation, changed);
            }
            publish(changed);
            return revision;
        }
    }

    @Override
    public Lease grantLease(Duration ttl, LeaseListener listener) {
        LeaseTtl.requirePositive(ttl);
        requireNonNull(listener, "listener");
        synchronized (lock) {
            ensureOpen();
            leaseCounter++;
            MemoryLease lease = new MemoryLease(this, String.format("%016x", leaseCounter), ttl, listener);
            leases.put(lease.id(), lease);
            return lease;
        }
    }

    /**
     * Forgets the change history through {@code revision} - 1, like etcd's compaction: a later watch from a revision
     * before that ends with {@code COMPACTED}. Current values stay.
     */
    public void compact(long revision) {
        synchronized (lock) {
            ensureOpen();
            if (revision > this.revision) {
                throw new KvStoreException(Kind.INVALID, "compact revision: " + revision
                        + " (expected: <= the store's revision " + this.revision + ")");
            }
            history.compactThrough(revision - 1);
        }
    }

    /**
     * Test hook: the lease stops being kept alive as if the keep-alive stream had been lost; after its TTL its keys
     * are deleted and its listener is told once.
     */
    public void loseKeepAlive(Lease lease) {
        stopKeepAlive(owned(lease), true);
    }

    /** Test hook: the lease expires now, its keys are deleted and its listener is told once. */
    public void expire(Lease lease) {
        MemoryLease memoryLease = owned(lease);
        synchronized (lock) {
            memoryLease.reportLoss = true;
            remove(memoryLease, "expired (forced by the test hook)");
        }
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public String provider() {
        return "memory";
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            watches.forEach(MemoryWatch::silence);
            watches.clear();
            leaseTimer.shutdownNow();
            dispatcher.shutdown();
        }
    }

    long remainingSeconds(MemoryLease lease) {
        synchronized (lock) {
            if (lease.gone) {
                return -1;
            }
            long nanos = lease.keepingAlive ? lease.ttl().toNanos() : lease.expiresAtNanos - System.nanoTime();
            return Math.max(0, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        }
    }

    void revoke(MemoryLease lease) {
        synchronized (lock) {
            if (!closed) {
                lease.reportLoss = false;
                remove(lease, "revoked");
            }
        }
    }

    void stopKeepAlive(MemoryLease lease, boolean reportLoss) {
        synchronized (lock) {
            if (closed || lease.gone || !lease.keepingAlive) {
                return;
            }
            lease.keepingAlive = false;
            lease.reportLoss = reportLoss;
            lease.expiresAtNanos = System.nanoTime() + lease.ttl().toNanos();
            lease.expiry = leaseTimer.schedule(() -> expireIfDue(lease), lease.ttl().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void expireIfDue(MemoryLease lease) {
        synchronized (lock) {
            if (!closed && !lease.gone && System.nanoTime() - lease.expiresAtNanos >= 0) {
                remove(lease, "expired after its TTL of " + lease.ttl() + " without keep-alive");
            }
        }
    }

    /** Deletes the lease and its keys in one revision. */
    @GuardedBy("lock")
    private void remove(MemoryLease lease, String reason) {
        if (closed || lease.gone) {
            return;
        }
        lease.gone = true;
        leases.remove(lease.id());
        if (lease.expiry != null) {
            lease.expiry.cancel(false);
        }
        publish(keys.deleteBoundTo(lease.id()));
        if (lease.reportLoss) {
            dispatcher.execute(() -> lease.listener().leaseLost(lease, "memory store: lease " + lease.id() + " " + reason));
        }
    }

    /**
     * Raises the revision once for {@code changed} keys and tells the watches covering them what changed (the keys'
     * values now, or their deletion).
     */
    @GuardedBy("lock")
    private void publish(List<String> changed) {
        if (changed.isEmpty()) {
            return;
        }
        revision++;
        long published = revision;
        history.record(published, changed);
        List<KvEvent> changes = new ArrayList<>();
        for (String key : changed) {
            Optional<String> value = keys.get(key);
            changes.add(value.isPresent() ? KvEvent.put(key, value.get(), published) : KvEvent.delete(key, published));
        }
        for (MemoryWatch watch : watches) {
            List<KvEvent> covered = changes.stream().filter(change -> watch.covers(change.key())).toList();
            if (!covered.isEmpty() && watch.queue(covered)) {
                dispatcher.execute(watch::deliverQueued);
            }
        }
    }

    @GuardedBy("lock")
    private void requireLiveLease(String key, Lease lease) {
        MemoryLease live = leases.get(lease.id());
        if (live == null || live != lease) {
            throw new KvStoreException(Kind.NOT_FOUND, "memory store: put of \"" + key + "\" names lease " + lease.id()
                    + ", which is revoked, expired or unknown (expected: a live lease of this store); nothing applied");
        }
    }

    private MemoryLease owned(Lease lease) {
        requireNonNull(lease, "lease");
        if (lease instanceof MemoryLease memoryLease && memoryLease.store() == this) {
            return memoryLease;
        }
        throw new IllegalArgumentException("lease: " + lease.id() + " (expected: a lease granted by this memory store)");
    }

    private void forget(MemoryWatch watch) {
        synchronized (lock) {
            watches.remove(watch);
        }
    }

    @GuardedBy("lock")
    private void ensureOpen() {
        if (closed) {
            throw new KvStoreException(Kind.CANCELLED, "memory store is closed");
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
