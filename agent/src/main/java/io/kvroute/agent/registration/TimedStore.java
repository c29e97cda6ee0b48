package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KeyOrder;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
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

    /** Every pair under the prefixes, ordered byte-wise. */
    NavigableMap<String, String> list(List<String> prefixes) {
        NavigableMap<String, String> pairs = new TreeMap<>(KeyOrder.BYTEWISE);
        for (String prefix : prefixes) {
            for (KvPair pair : timed("list", () -> store.list(prefix)).pairs()) {
                pairs.put(pair.key(), pair.value());
            }
        }
        return pairs;
    }

    void commit(KvTransaction transaction) {
        timed("commit", () -> store.commit(transaction));
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
