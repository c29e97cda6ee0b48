package io.kvroute.kv.store.memory;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A watch on the memory store; its signals run on the store's dispatcher thread and stop once it is closed. Changes
 * that pile up while the listener is busy come in one list.
 */
final class MemoryWatch implements KvWatch {
    private final String prefix;
    private final WatchListener listener;
    private final Consumer<MemoryWatch> onClose;
    private volatile boolean closed;
    private final Object lock = new Object();
    @GuardedBy("lock")
    private final List<KvEvent> pending = new ArrayList<>();

    MemoryWatch(String prefix, WatchListener listener, Consumer<MemoryWatch> onClose) {
        this.prefix = requireNonNull(prefix, "prefix");
        this.listener = requireNonNull(listener, "listener");
        this.onClose = requireNonNull(onClose, "onClose");
    }

    boolean covers(String key) {
        return key.startsWith(prefix);
    }

    String prefix() {
        return prefix;
    }

    void signalChanged(long revision) {
        if (!closed) {
            listener.changed(revision);
        }
    }

    /**
     * Queues {@code changes} for the next delivery; true when none was queued yet, so the caller schedules
     * {@link #deliverQueued()} once for all the changes that pile up until it runs (as etcd batches a busy watch).
     */
    boolean queue(List<KvEvent> changes) {
        synchronized (lock) {
            boolean first = pending.isEmpty();
            pending.addAll(changes);
            return first;
        }
    }

    /** Delivers every queued change in one list. */
    void deliverQueued() {
        List<KvEvent> batch;
        synchronized (lock) {
            batch = List.copyOf(pending);
            pending.clear();
        }
        if (!closed && !batch.isEmpty()) {
            listener.changes(batch);
        }
    }

    void signalEnded(KvStoreException cause) {
        if (!closed) {
            closed = true;
            listener.ended(cause);
        }
    }

    /** Marks the watch closed without telling the listener (the store is closing). */
    void silence() {
        closed = true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.accept(this);
        }
    }
}
