package io.kvroute.kv.store;

/** Receives watch signals. Called from the adapter's threads; implementations must not block. */
public interface WatchListener {
    /** Something under the prefix changed; {@code revision} is the newest revision the event carried. */
    void changed(long revision);

    /**
     * The watch stopped by itself and will send nothing more. {@code cause} says why: {@code COMPACTED} (re-list
     * and watch from the new revision), {@code UNAVAILABLE}, {@code CANCELLED}, ...
     */
    void ended(KvStoreException cause);
}
