package io.kvroute.agent.registration;

import io.kvroute.kv.store.DelegatingKvStore;
import io.kvroute.kv.store.KvOperation;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import io.kvroute.kv.store.WatchListener;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A store (usually a {@code MemoryKvStore}) with test controls: it records the leases it granted, refuses puts of
 * chosen keys with {@code INVALID} (like a store that rejects a key or value), refuses every write under chosen
 * prefixes with {@code UNAUTHORIZED} (like an etcd role or Consul ACL token that covers other prefixes only), counts
 * lists and can be made
 * unavailable, when every call fails with {@code UNAVAILABLE} as if the store were down, and can throw an exception the
 * port does not declare from a list.
 */
final class InterceptingKvStore extends DelegatingKvStore {
    private final List<Lease> leases = new CopyOnWriteArrayList<>();
    private final Set<String> invalidKeys = new CopyOnWriteArraySet<>();
    private final Set<String> unauthorizedPrefixes = new CopyOnWriteArraySet<>();
    private volatile boolean unavailable;
    private final AtomicInteger lists = new AtomicInteger();
    private final List<String> watched = new CopyOnWriteArrayList<>();
    private final AtomicReference<Exception> nextListThrows = new AtomicReference<>();

    InterceptingKvStore(KvStore delegate) {
        super(delegate);
    }

    List<Lease> leases() {
        return List.copyOf(leases);
    }

    Lease latestLease() {
        return leases.get(leases.size() - 1);
    }

    void refusePutsOf(String key) {
        invalidKeys.add(key);
    }

    /** Every write under {@code prefix} fails with {@code UNAUTHORIZED}, failing its whole transaction. */
    void refuseWritesUnder(String prefix) {
        unauthorizedPrefixes.add(prefix);
    }

    void allowWritesUnder(String prefix) {
        unauthorizedPrefixes.remove(prefix);
    }

    void setUnavailable(boolean value) {
        unavailable = value;
    }

    /** How many lists were asked for. */
    int lists() {
        return lists.get();
    }

    /**
     * The next list throws {@code exception} although the port declares none, as a client library may (OkHttp throws
     * {@link InterruptedException} when a call's thread is interrupted).
     */
    void throwOnNextList(Exception exception) {
        nextListThrows.set(exception);
    }

    @Override
    public KvSnapshot list(String prefix) {
        Exception undeclared = nextListThrows.getAndSet(null);
        if (undeclared != null) {
            throw InterceptingKvStore.<RuntimeException>sneaky(undeclared);
        }
        requireAvailable("list \"" + prefix + "\"");
        lists.incrementAndGet();
        return super.list(prefix);
    }

    /** The prefixes of the watches open now, once per watch. */
    List<String> watchedPrefixes() {
        return List.copyOf(watched);
    }

    @Override
    public KvWatch watch(String prefix, long afterRevision, WatchListener listener) {
        requireAvailable("watch \"" + prefix + "\"");
        KvWatch watch = super.watch(prefix, afterRevision, listener);
        watched.add(prefix);
        return () -> {
            watched.remove(prefix);
            watch.close();
        };
    }

    @Override
    public long commit(KvTransaction transaction) {
        requireAvailable("commit");
        for (KvOperation operation : transaction.operations()) {
            if (operation instanceof KvOperation.Put put && invalidKeys.contains(put.key())) {
                throw new KvStoreException(Kind.INVALID, describe() + ": put of \"" + put.key()
                        + "\": refused by the test (expected: a key the store accepts)");
            }
            String target = operation instanceof KvOperation.Put put ? put.key()
                    : operation instanceof KvOperation.Delete delete ? delete.key()
                    : ((KvOperation.DeletePrefix) operation).prefix();
            if (unauthorizedPrefixes.stream().anyMatch(target::startsWith)) {
                throw new KvStoreException(Kind.UNAUTHORIZED, describe() + ": write of \"" + target
                        + "\": permission denied by the test (expected: a key the credentials cover)");
            }
        }
        return super.commit(transaction);
    }

    @Override
    public Lease grantLease(Duration ttl, LeaseListener listener) {
        requireAvailable("grant lease");
        Lease lease = super.grantLease(ttl, listener);
        leases.add(lease);
        return lease;
    }

    @Override
    public String describe() {
        return "intercepted " + super.describe();
    }

    private void requireAvailable(String call) {
        if (unavailable) {
            throw new KvStoreException(Kind.UNAVAILABLE, describe() + ": " + call + ": down (set by the test)");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Exception> T sneaky(Exception exception) throws T {
        throw (T) exception;
    }
}
