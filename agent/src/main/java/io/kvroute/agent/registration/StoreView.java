package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kvroute.kv.store.KeyOrder;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvOperation;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.WatchListener;
import io.kvroute.kv.store.WatchRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The registrar's copy of the store under the prefixes it needs (the routers, services and middlewares its keys lie
 * in, see {@link ViewScope}), so that a reconcile pass reads memory instead of listing the store. Each prefix is read
 * once (from a list of the whole root given as a seed, or a list of its own), then kept current from its watch's
 * {@link KvEvent}s (the prefixes a pass adds are watched together, {@link KvStore#watchAll}, so that etcd's gateway
 * adapter opens each of its streams once for them, not once per prefix): a change costs the store nothing beyond the watch event. A prefix is listed again only when its
 * watch ended (compaction, a closed stream) or its store cannot say what changed (Consul); own writes are applied at
 * once ({@link #wrote}), and a change older than what the view holds for a key is ignored, so a late event never
 * undoes a newer write. A put-if-absent is shown as written until the key's watch says how it ended (this registrar's
 * put, another's older put, or a later delete), so a pass that runs before that event does not put the key again.
 *
 * <p>{@link #cover} and {@link #wrote} run on the reconcile thread; the watches' callbacks apply changes under the
 * lock and call {@code changed} (which only signals a pass) when something moved.
 */
final class StoreView implements AutoCloseable {
    /** A key's value (empty once deleted) and the revision that wrote it. */
    private record Entry(Optional<String> value, long revision) {
    }

    private final KvStore store;
    private final Runnable changed;
    private final ReentrantLock lock = new ReentrantLock();
    @GuardedBy("lock")
    private final NavigableMap<String, Entry> entries = new TreeMap<>(KeyOrder.BYTEWISE);
    @GuardedBy("lock")
    private final Map<String, Watched> watched = new HashMap<>();
    /** The store's watch behind each held prefix's {@link Watched}, once started. */
    @GuardedBy("lock")
    private final Map<Watched, KvWatch> handles = new HashMap<>();
    /** Held prefixes whose watch ended or could not say what changed: read again by the next {@link #cover}. */
    @GuardedBy("lock")
    private final Set<String> stale = new HashSet<>();
    /** Put-if-absent writes whose outcome the watch has not told yet, by key. */
    @GuardedBy("lock")
    private final Map<String, Entry> puttingIfAbsent = new HashMap<>();
    /** Why a watch ended, other than compaction, not yet reported by {@link #cover}. */
    @GuardedBy("lock")
    private KvStoreException ended;

    StoreView(KvStore store, Runnable changed) {
        this.store = requireNonNull(store, "store");
        this.changed = requireNonNull(changed, "changed");
    }

    /**
     * Makes the view hold exactly {@code prefixes}: stops watching the others and forgets their keys, and reads each
     * prefix it does not hold yet or whose watch ended: from {@code seeds} (whole-root lists) when one covers it,
     * otherwise with {@code list}. Throws the cause of a watch that ended by a store failure once (so the pass fails
     * and is retried with backoff; the prefix is read again then), and any failure of a list.
     */
    void cover(Set<String> prefixes, Map<String, KvSnapshot> seeds, Function<String, KvSnapshot> list) {
        List<KvWatch> closing = new ArrayList<>();
        List<String> toRead = new ArrayList<>();
        lock.lock();
        try {
            KvStoreException failure = ended;
            ended = null;
            var running = watched.entrySet().iterator();
            while (running.hasNext()) {
                var entry = running.next();
                if (!prefixes.contains(entry.getKey()) || stale.contains(entry.getKey())) {
                    Optional.ofNullable(handles.remove(entry.getValue())).ifPresent(closing::add);
                    stale.remove(entry.getKey());
                    forget(entry.getKey());
                    running.remove();
                }
            }
            if (failure != null) {
                closing.forEach(KvWatch::close);
                throw failure;
            }
            for (String prefix : prefixes) {
                if (!watched.containsKey(prefix)) {
                    toRead.add(prefix);
                }
            }
        } finally {
            lock.unlock();
        }
        closing.forEach(KvWatch::close);
        Map<String, KvSnapshot> reads = new TreeMap<>(KeyOrder.BYTEWISE);
        for (String prefix : toRead) {
            reads.put(prefix, seeds.entrySet().stream()
                    .filter(seed -> prefix.startsWith(seed.getKey()))
                    .findFirst()
                    .map(seed -> under(prefix, seed.getValue()))
                    .orElseGet(() -> list.apply(prefix)));
        }
        if (!reads.isEmpty()) {
            start(reads);
        }
    }

    /** The values the view holds now, ordered byte-wise. */
    NavigableMap<String, String> pairs() {
        NavigableMap<String, String> pairs = new TreeMap<>(KeyOrder.BYTEWISE);
        lock.lock();
        try {
            entries.forEach((key, entry) -> entry.value().ifPresent(value -> pairs.put(key, value)));
            var putting = puttingIfAbsent.entrySet().iterator();
            while (putting.hasNext()) {
                var put = putting.next();
                Entry held = entries.get(put.getKey());
                if (held == null || held.value().isEmpty() && held.revision() < put.getValue().revision()) {
                    pairs.put(put.getKey(), put.getValue().value().orElseThrow());
                } else {
                    putting.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        return pairs;
    }

    /**
     * A transaction of this registrar committed at {@code revision}: its puts and deletes are in the view at once; a
     * put-if-absent is shown by {@link #pairs} until the key's watch tells whether it applied.
     */
    void wrote(KvTransaction transaction, long revision) {
        lock.lock();
        try {
            for (KvOperation operation : transaction.operations()) {
                if (operation instanceof KvOperation.Put put && put.ifAbsent()) {
                    puttingIfAbsent.put(put.key(), new Entry(Optional.of(put.value()), revision));
                } else if (operation instanceof KvOperation.Put put) {
                    apply(put.key(), Optional.of(put.value()), revision);
                } else if (operation instanceof KvOperation.Delete delete) {
                    apply(delete.key(), Optional.empty(), revision);
                } else if (operation instanceof KvOperation.DeletePrefix deletePrefix) {
                    for (String key : keysUnder(deletePrefix.prefix())) {
                        apply(key, Optional.empty(), revision);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The prefixes held now. */
    Set<String> prefixes() {
        lock.lock();
        try {
            return Set.copyOf(watched.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Stops every watch and forgets everything. */
    @Override
    public void close() {
        List<KvWatch> closing = new ArrayList<>();
        lock.lock();
        try {
            closing.addAll(handles.values());
            handles.clear();
            watched.clear();
            stale.clear();
            entries.clear();
            puttingIfAbsent.clear();
        } finally {
            lock.unlock();
        }
        closing.forEach(KvWatch::close);
    }

    /**
     * Installs each read as the content of its prefix and watches the prefixes from their reads' revisions, all in one
     * {@link KvStore#watchAll} (an adapter that shares streams opens each once, not once per prefix).
     */
    private void start(Map<String, KvSnapshot> reads) {
        Map<String, Watched> starting = new HashMap<>();
        List<WatchRequest> requests = new ArrayList<>();
        lock.lock();
        try {
            reads.forEach((prefix, read) -> {
                for (KvPair pair : read.pairs()) {
                    Entry held = entries.get(pair.key());
                    if (held == null || held.revision() <= read.revision()) {
                        entries.put(pair.key(), new Entry(Optional.of(pair.value()), read.revision()));
                    }
                }
                puttingIfAbsent.entrySet().removeIf(put -> put.getKey().startsWith(prefix)
                        && put.getValue().revision() <= read.revision());
                Watched running = new Watched(prefix);
                watched.put(prefix, running);
                starting.put(prefix, running);
                requests.add(new WatchRequest(prefix, read.revision(), running));
            });
        } finally {
            lock.unlock();
        }
        List<KvWatch> watches;
        try {
            watches = store.watchAll(requests);
        } catch (KvStoreException e) {
            lock.lock();
            try {
                starting.forEach((prefix, running) -> {
                    if (watched.get(prefix) == running) {
                        watched.remove(prefix);
                        forget(prefix);
                    }
                });
            } finally {
                lock.unlock();
            }
            throw e;
        }
        List<KvWatch> superseded = new ArrayList<>();
        lock.lock();
        try {
            for (int i = 0; i < requests.size(); i++) {
                WatchRequest request = requests.get(i);
                if (watched.get(request.prefix()) == request.listener()) {
                    handles.put(starting.get(request.prefix()), watches.get(i));
                } else {
                    superseded.add(watches.get(i));
                }
            }
        } finally {
            lock.unlock();
        }
        superseded.forEach(KvWatch::close);
    }

    private static KvSnapshot under(String prefix, KvSnapshot root) {
        return new KvSnapshot(root.pairs().stream().filter(pair -> pair.key().startsWith(prefix)).toList(),
                root.revision());
    }

    /** The keys the view holds under {@code prefix} (contiguous in byte-wise order). */
    @GuardedBy("lock")
    private List<String> keysUnder(String prefix) {
        List<String> keys = new ArrayList<>();
        for (String key : entries.tailMap(prefix, true).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            keys.add(key);
        }
        return keys;
    }

    /** Drops the keys of {@code prefix} unless another held prefix also covers them. */
    @GuardedBy("lock")
    private void forget(String prefix) {
        for (String key : keysUnder(prefix)) {
            if (coveredElsewhere(key, prefix)) {
                continue;
            }
            entries.remove(key);
        }
        var putting = puttingIfAbsent.keySet().iterator();
        while (putting.hasNext()) {
            String key = putting.next();
            if (key.startsWith(prefix) && !coveredElsewhere(key, prefix)) {
                putting.remove();
            }
        }
    }

    @GuardedBy("lock")
    private boolean coveredElsewhere(String key, String prefix) {
        return watched.keySet().stream().anyMatch(other -> !other.equals(prefix) && key.startsWith(other));
    }

    /** Applies one change unless the view holds a newer one for the key; true when it changed the view. */
    @GuardedBy("lock")
    private boolean apply(String key, Optional<String> value, long revision) {
        Entry held = entries.get(key);
        if (held != null && held.revision() >= revision) {
            return false;
        }
        entries.put(key, new Entry(value, revision));
        return held == null ? value.isPresent() : !held.value().equals(value);
    }

    /** The watch of one prefix; its callbacks count only while it is the prefix's current watch. */
    private final class Watched implements WatchListener {
        private final String prefix;

        Watched(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void changes(List<KvEvent> changes) {
            boolean moved = false;
            lock.lock();
            try {
                if (watched.get(prefix) != this || stale.contains(prefix)) {
                    return;
                }
                for (KvEvent change : changes) {
                    moved |= apply(change.key(), change.deleted() ? Optional.empty() : Optional.of(change.value()),
                            change.revision());
                }
            } finally {
                lock.unlock();
            }
            if (moved) {
                changed.run();
            }
        }

        /** The store cannot say what changed: the prefix is read again by the next pass. */
        @Override
        public void changed(long revision) {
            if (markStale(null)) {
                changed.run();
            }
        }

        @Override
        public void ended(KvStoreException cause) {
            if (markStale(cause.kind() == KvStoreException.Kind.COMPACTED ? null : cause)) {
                changed.run();
            }
        }

        private boolean markStale(KvStoreException failure) {
            lock.lock();
            try {
                if (watched.get(prefix) != this) {
                    return false;
                }
                stale.add(prefix);
                if (failure != null && ended == null) {
                    ended = failure;
                }
                return true;
            } finally {
                lock.unlock();
            }
        }
    }
}
