package io.kvroute.kv.store.memory;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.WatchListener;
import java.util.List;
import java.util.function.Consumer;

/** A watch on the memory store; its signals run on the store's dispatcher thread and stop once it is closed. */
final class MemoryWatch implements KvWatch {
    private final String prefix;
    private final WatchListener listener;
    private final Consumer<MemoryWatch> onClose;
    private volatile boolean closed;

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

    void signalChanges(List<KvEvent> changes) {
        if (!closed) {
            listener.changes(changes);
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
