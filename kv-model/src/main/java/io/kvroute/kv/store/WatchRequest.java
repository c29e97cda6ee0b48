package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

/** One watch of {@link KvStore#watchAll}: the keys starting with {@code prefix}, changed after {@code afterRevision}. */
public record WatchRequest(String prefix, long afterRevision, WatchListener listener) {
    public WatchRequest {
        requireNonNull(prefix, "prefix");
        requireNonNull(listener, "listener");
    }
}
