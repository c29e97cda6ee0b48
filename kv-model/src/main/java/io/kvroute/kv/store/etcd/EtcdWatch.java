package io.kvroute.kv.store.etcd;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.WatchListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Adapts a jetcd watch to the port: a response's puts and deletes become {@link WatchListener#changes} (an event of
 * a type this adapter does not know: {@link WatchListener#changed(long)} with the newest modRevision, so the caller
 * re-lists); etcd sends every event of a revision in one response. The first error or completion ends the watch (closing the jetcd watcher) and becomes the one
 * {@link WatchListener#ended(KvStoreException)}. jetcd would resume after a transient disconnect by itself, but
 * ending on every error lets the caller re-list and notice the outage; nothing is lost because it re-lists.
 */
final class EtcdWatch implements KvWatch, Watch.Listener {
    private final String store;
    private final String prefix;
    private final WatchListener listener;
    private final Consumer<EtcdWatch> onFinish;
    private final Consumer<KvStoreException> onEnd;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicReference<Watch.Watcher> watcher = new AtomicReference<>();

    /** {@code onEnd} learns why the watch ended by itself, before the listener does. */
    EtcdWatch(String store, String prefix, WatchListener listener, Consumer<EtcdWatch> onFinish,
            Consumer<KvStoreException> onEnd) {
        this.store = requireNonNull(store, "store");
        this.prefix = requireNonNull(prefix, "prefix");
        this.listener = requireNonNull(listener, "listener");
        this.onFinish = requireNonNull(onFinish, "onFinish");
        this.onEnd = requireNonNull(onEnd, "onEnd");
    }

    /** Binds the jetcd watcher; closes it at once if the watch already ended. */
    void attach(Watch.Watcher jetcdWatcher) {
        watcher.set(jetcdWatcher);
        if (finished.get()) {
            jetcdWatcher.close();
        }
    }

    @Override
    public void onNext(WatchResponse response) {
        if (finished.get()) {
            return;
        }
        List<KvEvent> events = new ArrayList<>();
        long newest = 0;
        boolean unknown = false;
        for (WatchEvent event : response.getEvents()) {
            String key = event.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
            long revision = event.getKeyValue().getModRevision();
            newest = Math.max(newest, revision);
            switch (event.getEventType()) {
                case PUT -> events.add(KvEvent.put(key, event.getKeyValue().getValue().toString(StandardCharsets.UTF_8),
                        revision));
                case DELETE -> events.add(KvEvent.delete(key, revision));
                default -> unknown = true;
            }
        }
        if (unknown) {
            listener.changed(newest);
        } else if (!events.isEmpty()) {
            listener.changes(events);
        }
    }

    @Override
    public void onError(Throwable failure) {
        end(EtcdErrors.translate(failure, store, "watch of \"" + prefix + "\""));
    }

    @Override
    public void onCompleted() {
        end(new KvStoreException(KvStoreException.Kind.UNAVAILABLE,
                store + ": watch of \"" + prefix + "\": etcd closed the watch stream"));
    }

    @Override
    public void close() {
        if (finished.compareAndSet(false, true)) {
            release();
        }
    }

    private void end(KvStoreException cause) {
        if (finished.compareAndSet(false, true)) {
            release();
            onEnd.accept(cause);
            listener.ended(cause);
        }
    }

    private void release() {
        Watch.Watcher jetcdWatcher = watcher.get();
        if (jetcdWatcher != null) {
            jetcdWatcher.close();
        }
        onFinish.accept(this);
    }
}
