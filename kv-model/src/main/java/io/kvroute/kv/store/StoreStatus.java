package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** Whether a {@link PrefixWatcher} can currently read its store, and since when. */
public sealed interface StoreStatus {

    Instant since();

    /** Reads succeed; the last delivered snapshot is current. */
    record Available(Instant since) implements StoreStatus {
        public Available {
            requireNonNull(since, "since");
        }
    }

    /** Reads fail since {@code since}; the last delivered snapshot is stale. {@code cause} is the failure that began it. */
    record Unavailable(Instant since, KvStoreException cause) implements StoreStatus {
        public Unavailable {
            requireNonNull(since, "since");
            requireNonNull(cause, "cause");
        }
    }
}
