package io.kvroute.kv.store;

import java.util.List;

/** Receives watch signals. Called from the adapter's threads; implementations must not block. */
public interface WatchListener {
    /**
     * Something under the prefix changed; {@code revision} is the newest revision the event carried. Stores that
     * cannot say what changed (Consul's blocking queries) call only this.
     */
    void changed(long revision);

    /**
     * The changes themselves, every one of some revisions, in order: adapters whose watches carry them (etcd) call this
     * instead of {@link #changed}. By default only the signal of the newest revision.
     */
    default void changes(List<KvEvent> events) {
        events.stream().mapToLong(KvEvent::revision).max().ifPresent(this::changed);
    }

    /**
     * The watch stopped by itself and will send nothing more. {@code cause} says why: {@code COMPACTED} (re-list
     * and watch from the new revision), {@code UNAVAILABLE}, {@code CANCELLED}, ...
     */
    void ended(KvStoreException cause);
}
