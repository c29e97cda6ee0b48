package io.kvroute.kv.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link WatchListener} for tests: records every signalled revision, the reported changes and the terminal cause. */
public final class RecordingWatchListener implements WatchListener {
    private final List<Long> revisions = new CopyOnWriteArrayList<>();
    private final List<KvEvent> changes = new CopyOnWriteArrayList<>();
    private final AtomicReference<KvStoreException> ended = new AtomicReference<>();
    private final AtomicInteger endCount = new AtomicInteger();

    @Override
    public void changed(long revision) {
        revisions.add(revision);
    }

    @Override
    public void changes(List<KvEvent> reported) {
        changes.addAll(reported);
        WatchListener.super.changes(reported);
    }

    @Override
    public void ended(KvStoreException cause) {
        ended.set(cause);
        endCount.incrementAndGet();
    }

    public List<Long> revisions() {
        return List.copyOf(revisions);
    }

    /** The changes reported with their keys and values, where the store reports them. */
    public List<KvEvent> changes() {
        return List.copyOf(changes);
    }

    public long newestRevision() {
        return revisions.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    public Optional<KvStoreException> ended() {
        return Optional.ofNullable(ended.get());
    }

    public int endCount() {
        return endCount.get();
    }
}
