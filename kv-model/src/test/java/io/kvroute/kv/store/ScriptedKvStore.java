package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link KvStore} for tests that delegates to a real one and lets the test interfere: make lists fail, end the
 * live watches or every new one, or run an action right before the next watch starts (e.g. write and compact, so that watch starts
 * from a compacted revision), or hang every new watch. Counts lists.
 */
public final class ScriptedKvStore extends DelegatingKvStore {
    private final AtomicReference<KvStoreException> listFailure = new AtomicReference<>();
    private final AtomicReference<Runnable> beforeNextWatch = new AtomicReference<>();
    private final Set<WatchListener> liveWatches = ConcurrentHashMap.newKeySet();
    private final AtomicReference<KvStoreException> watchFailure = new AtomicReference<>();
    private final AtomicInteger lists = new AtomicInteger();
    private volatile boolean hung;

    public ScriptedKvStore(KvStore delegate) {
        super(delegate);
    }

    /** Every list fails with {@code failure} until {@link #succeedLists()}. */
    public void failLists(KvStoreException failure) {
        listFailure.set(requireNonNull(failure, "failure"));
    }

    public void succeedLists() {
        listFailure.set(null);
    }

    /** Runs {@code action} once, right before the next watch is started on the delegate. */
    public void beforeNextWatch(Runnable action) {
        beforeNextWatch.set(requireNonNull(action, "action"));
    }

    /** Ends every live watch with {@code cause}, as a store whose stream broke would. */
    public void endWatches(KvStoreException cause) {
        for (WatchListener listener : liveWatches) {
            if (liveWatches.remove(listener)) {
                listener.ended(cause);
            }
        }
    }

    /** Every watch started from now on ends at once with {@code cause}, as a store refusing watches would. */
    public void endWatchesAtStart(KvStoreException cause) {
        watchFailure.set(requireNonNull(cause, "cause"));
    }

    /**
     * From now on watches never report a change, as a watch on a hung etcd member, and the store has marks (key count
     * and list revision of the delegate), as etcd has, so that a {@link PrefixWatcher} can find out.
     */
    public void hangWatches() {
        hung = true;
    }

    public int listCount() {
        return lists.get();
    }

    @Override
    public KvSnapshot list(String prefix) {
        lists.incrementAndGet();
        KvStoreException failure = listFailure.get();
        if (failure != null) {
            throw failure;
        }
        return super.list(prefix);
    }

    @Override
    public KvWatch watch(String prefix, long afterRevision, WatchListener listener) {
        Runnable action = beforeNextWatch.getAndSet(null);
        if (action != null) {
            action.run();
        }
        KvStoreException failure = watchFailure.get();
        if (failure != null) {
            listener.ended(failure);
            return () -> { };
        }
        if (hung) {
            return () -> { };
        }
        liveWatches.add(listener);
        KvWatch watch = super.watch(prefix, afterRevision, listener);
        return () -> {
            liveWatches.remove(listener);
            watch.close();
        };
    }

    @Override
    public Optional<PrefixMark> mark(String prefix) {
        if (!hung) {
            return super.mark(prefix);
        }
        KvSnapshot now = delegate().list(prefix);
        return Optional.of(new PrefixMark(now.pairs().size(), now.revision()));
    }

    @Override
    public String describe() {
        return "scripted " + super.describe();
    }
}
