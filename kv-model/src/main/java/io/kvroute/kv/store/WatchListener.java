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
     * What changed under the prefix, in revision order, from stores that report it (etcd, memory). A listener that
     * keeps its own copy of the prefix applies them instead of listing it again. By default, {@link #changed} with the
     * newest revision.
     */
    default void changes(List<KvChange> changes) {
        changes.stream().mapToLong(KvChange::revision).max().ifPresent(this::changed);
    }

    /**
     * The watch stopped by itself and will send nothing more. {@code cause} says why: {@code COMPACTED} (re-list
     * and watch from the new revision), {@code UNAVAILABLE}, {@code CANCELLED}, ...
     */
    void ended(KvStoreException cause);
}
