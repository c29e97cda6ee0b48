package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The store calls a registrar makes, each timed and its failures counted through the {@link RegistrarListener}. */
final class TimedStore {
    private final KvStore store;
    private final RegistrarListener listener;

    TimedStore(KvStore store, RegistrarListener listener) {
        this.store = requireNonNull(store, "store");
        this.listener = requireNonNull(listener, "listener");
    }

    String describe() {
        return store.describe();
    }

    KvSnapshot list(String prefix) {
        return timed("list", () -> store.list(prefix));
    }

    /** A list of each prefix, by prefix. */
    Map<String, KvSnapshot> listEach(List<String> prefixes) {
        Map<String, KvSnapshot> lists = new LinkedHashMap<>();
        prefixes.forEach(prefix -> lists.put(prefix, list(prefix)));
        return lists;
    }

    /** Commits and returns the store revision after it. */
    long commit(KvTransaction transaction) {
        return timed("commit", () -> store.commit(transaction));
    }

    Lease grantLease(Duration ttl, LeaseListener leaseListener) {
        return timed("grant", () -> store.grantLease(ttl, leaseListener));
    }

    void revoke(Lease lease) {
        timed("revoke", () -> {
            lease.revoke();
            return lease;
        });
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } catch (KvStoreException e) {
            listener.storeError(e.kind());
            throw e;
        } finally {
            listener.storeCall(operation, Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
