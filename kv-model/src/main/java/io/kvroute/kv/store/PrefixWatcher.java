package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read loop over one prefix that the agent and the proxy use: list the prefix, deliver the snapshot, watch from
 * its revision. Where the watch reports what changed (etcd, {@link WatchListener#changes}), the changes are applied to
 * the prefix's content as last delivered and passed on without listing again: to a {@link ChangeListener} as they
 * are, to any other listener as the new snapshot. Where it only signals (Consul, the memory store), it re-lists
 * (coalesced: as soon as the previous list finished, so a burst of events yields few lists) and delivers the new
 * snapshot when it differs from the last one delivered.
 * A list at a lower revision than the last delivery means the store's history went back (wiped, or restored from a
 * snapshot): it is delivered as {@link Listener#historyReset}, the new truth. A watch that stays silent for a second
 * is confirmed with the prefix's {@link PrefixMark} (where the store has marks: etcd): as many keys as delivered and no
 * change newer than the last one delivered; otherwise it is listed and watched anew, as happens when its etcd member
 * hangs with the connection open. When the watch ends (compaction, closed stream, store error) or a list fails, it re-lists and re-watches:
 * at once after compaction, otherwise after a {@link Backoff} delay that grows while lists fail or watches keep
 * ending soon after they start. It reports store availability transitions to the listener.
 *
 * <p>Runs on its own daemon thread, which is also the thread every {@link Listener} call comes from, in order.
 * {@link #close()} stops it; no listener call starts after {@code close()} returned.
 */
public final class PrefixWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixWatcher.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** How long a watch may stay silent before the prefix's {@link PrefixMark} confirms it missed nothing. */
    private static final Duration CONFIRM_INTERVAL = Duration.ofSeconds(1);
    private static final int UNCONFIRMED_LIMIT = 3;

    /** Receives what a {@link PrefixWatcher} reads. Calls come from the watcher's thread, one at a time. */
    public interface Listener {
        /** The prefix's content at a new revision; the first call carries the initial list. */
        void snapshot(KvSnapshot snapshot);

        /**
         * The prefix's content after the store's history went back: a list read a lower revision than the last one
         * delivered (or the same revision with other content), which happens when etcd was wiped or restored from a
         * snapshot, or Consul restored one. What the store holds now is the truth, however old its revision looks;
         * a listener that keeps the newest of several reads must take this one. By default, a {@link #snapshot}.
         */
        default void historyReset(KvSnapshot snapshot, long previousRevision) {
            snapshot(snapshot);
        }

        /**
         * The store became available or unavailable. Called on transitions only: first after the first list attempt,
         * then whenever reads start failing ({@link StoreStatus.Unavailable}: keep the last snapshot, mark it stale)
         * or succeed again ({@link StoreStatus.Available}).
         */
        void status(StoreStatus status);
    }

    /**
     * A {@link Listener} that takes the changes a watch reported as they are, instead of a whole snapshot per change:
     * what a consumer of a large prefix wants, whose work per change should follow the change, not the prefix.
     * Lists (the first, and those after a watch ended or could not be confirmed) still arrive as snapshots.
     */
    public interface ChangeListener extends Listener {
        /** Keys changed after the last snapshot or changes delivered; the prefix is now at their revision. */
        void changed(KvChanges changes);
    }

    private final KvStore store;
    private final String prefix;
    private final Listener listener;
    private final Backoff backoff;
    private final Clock clock;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /** The current watch signalled a change since the last list started. */
    @GuardedBy("lock")
    private boolean changed;
    /** Changes the current watch reported that the loop has not applied yet, in order. */
    @GuardedBy("lock")
    private final List<KvEvent> reported = new ArrayList<>();
    /** The current watch ended by itself with this cause. */
    @GuardedBy("lock")
    private KvStoreException ended;
    /** Identifies the current watch; signals of older watches are ignored. */
    @GuardedBy("lock")
    private long generation;
    @GuardedBy("lock")
    private boolean closed;

    /** Loop thread only. */
    private KvWatch watch;
    /**
     * The prefix's content as last delivered (listed, then changed by reported changes): values by key, the strings
     * of the pairs delivered (a listener keeping them shares them).
     */
    private final TreeMap<String, String> delivered = new TreeMap<>(KeyOrder.BYTEWISE);
    /** The revision {@link #delivered} is at; -1 before the first delivery. */
    private long deliveredRevision = -1;
    private StoreStatus status;
    private int failures;
    /** Watches in a row that ended by themselves (other than by compaction) soon after they started. */
    private int brokenWatches;
    private long watchStartedNanos;
    /** False once the store said it has no {@link PrefixMark}s: its watches need no confirmation. */
    private boolean confirming = true;
    /** Mark reads in a row that failed. */
    private int unconfirmed;

    private PrefixWatcher(KvStore store, String prefix, Listener listener, Backoff backoff, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.prefix = requireNonNull(prefix, "prefix");
        this.listener = requireNonNull(listener, "listener");
        this.backoff = requireNonNull(backoff, "backoff");
        this.clock = requireNonNull(clock, "clock");
        this.thread = new Thread(this::run, "kvroute-watch " + prefix);
        this.thread.setDaemon(true);
    }

    /** Starts watching {@code prefix} with {@link Backoff#DEFAULT}. */
    public static PrefixWatcher start(KvStore store, String prefix, Listener listener) {
        return start(store, prefix, listener, Backoff.DEFAULT);
    }

    public static PrefixWatcher start(KvStore store, String prefix, Listener listener, Backoff backoff) {
        PrefixWatcher watcher = new PrefixWatcher(store, prefix, listener, backoff, Clock.systemUTC());
        watcher.thread.start();
        return watcher;
    }

    /** Stops the loop and its watch, waiting (bounded) for a listener call in progress to return. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() == thread) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!isClosed()) {
                cycle();
            }
        } finally {
            closeWatch();
        }
    }

    /** One list (and watch, when none runs), then waits for the next reason to list. */
    private void cycle() {
        try {
            clearChanged();
            KvSnapshot snapshot = onceMoreIfUnanswered("list", () -> store.list(prefix));
            if (watch == null) {
                watch = startWatch(snapshot.revision());
                watchStartedNanos = System.nanoTime();
            }
            failures = 0;
            reportAvailable();
            deliver(snapshot);
        } catch (KvStoreException e) {
            if (isClosed()) {
                return;
            }
            closeWatch();
            failures++;
            reportUnavailable(e);
            Duration delay = backoff.delay(failures, ThreadLocalRandom.current());
            LOG.debug("{}: listing \"{}\" failed ({}); retrying in {} ms", store.describe(), prefix, e.getMessage(),
                    delay.toMillis());
            pause(delay);
            return;
        }
        KvStoreException end;
        while (true) {
            Wake woke = awaitSignal(jittered(CONFIRM_INTERVAL));
            if (woke == Wake.REPORTED) {
                applyReported();
                continue;
            }
            if (woke != Wake.QUIET) {
                end = woke == Wake.ENDED ? takeEnded() : null;
                break;
            }
            if (!watchConfirmed()) {
                closeWatch();
                return;
            }
        }
        if (end != null) {
            LOG.debug("{}: watch of \"{}\" ended: {}", store.describe(), prefix, end.toString());
            closeWatch();
            if (end.isTransient()) {
                reportUnavailable(end);
            }
            if (end.kind() != KvStoreException.Kind.COMPACTED) {
                pauseAfterBrokenWatch();
            }
        }
    }

    /**
     * After a quiet {@link #CONFIRM_INTERVAL}: whether the watch can still be believed, i.e. the prefix's mark matches
     * what was delivered (or cannot be read now: that is no evidence): as many keys, and no change newer than the
     * delivered revision (any change the watch missed has a newer revision, or removed a key). Otherwise the watch
     * missed a change, as when its etcd member hangs with the connection open: the caller lists and watches anew,
     * which the client sends to any member.
     */
    private boolean watchConfirmed() {
        PrefixMark now = readMark();
        if (now == null || now.keys() == delivered.size() && now.newestChange() <= deliveredRevision) {
            return true;
        }
        LOG.info("{}: \"{}\" changed (keys {} -> {}, newest change at revision {} after {}) and its watch said "
                + "nothing; listing and watching anew", store.describe(), prefix, delivered.size(), now.keys(),
                now.newestChange(), deliveredRevision);
        return false;
    }

    /**
     * A read of the store (list or mark), and once more at once if the first got no answer in time: both etcd
     * adapters move on to another member after a call left unanswered, so the second goes there.
     */
    private <T> T onceMoreIfUnanswered(String call, Supplier<T> read) {
        try {
            return read.get();
        } catch (KvStoreException e) {
            if (e.kind() != KvStoreException.Kind.TIMEOUT || isClosed()) {
                throw e;
            }
            LOG.debug("{}: {} of \"{}\" got no answer ({}); asking once more", store.describe(), call, prefix,
                    e.getMessage());
            return read.get();
        }
    }

    /** {@code interval} give or take a fifth, so that several watchers do not read in lockstep. */
    private static Duration jittered(Duration interval) {
        return interval.multipliedBy(8 + ThreadLocalRandom.current().nextInt(5)).dividedBy(10);
    }

    /**
     * The prefix's mark now; null if the store has none or it cannot be read now (an unanswered read is sent once
     * more, see {@link #onceMoreIfUnanswered}). Marks that cannot be read for
     * {@link #UNCONFIRMED_LIMIT} quiet intervals in a row report the store unavailable: a watch nobody can confirm is
     * no evidence of a live store (a hung etcd answers nothing and keeps its connections open); the next mark or list
     * read reports it available again.
     */
    private PrefixMark readMark() {
        if (!confirming) {
            return null;
        }
        try {
            Optional<PrefixMark> mark = onceMoreIfUnanswered("mark", () -> store.mark(prefix));
            confirming = mark.isPresent();
            unconfirmed = 0;
            if (mark.isPresent()) {
                reportAvailable();
            }
            return mark.orElse(null);
        } catch (KvStoreException e) {
            unconfirmed++;
            LOG.debug("{}: reading the mark of \"{}\" failed ({} in a row): {}", store.describe(), prefix,
                    unconfirmed, e.getMessage());
            if (unconfirmed >= UNCONFIRMED_LIMIT) {
                reportUnavailable(e);
            }
            return null;
        }
    }

    /**
     * Waits before re-listing after a watch ended by itself, growing with each watch in a row that ended within
     * {@link Backoff#max()} of its start, so a store that keeps refusing watches is not hammered.
     */
    private void pauseAfterBrokenWatch() {
        boolean livedLong = System.nanoTime() - watchStartedNanos > backoff.max().toNanos();
        brokenWatches = livedLong ? 1 : brokenWatches + 1;
        pause(backoff.delay(brokenWatches, ThreadLocalRandom.current()));
    }

    private KvWatch startWatch(long revision) {
        long watchGeneration;
        lock.lock();
        try {
            watchGeneration = ++generation;
            ended = null;
        } finally {
            lock.unlock();
        }
        return store.watch(prefix, revision, new WatchListener() {
            @Override
            public void changed(long changedRevision) {
                signal(watchGeneration, null);
            }

            @Override
            public void changes(List<KvEvent> events) {
                report(watchGeneration, events);
            }

            @Override
            public void ended(KvStoreException cause) {
                signal(watchGeneration, requireNonNull(cause, "cause"));
            }
        });
    }

    private void signal(long watchGeneration, KvStoreException endCause) {
        lock.lock();
        try {
            if (watchGeneration != generation) {
                return;
            }
            if (endCause == null) {
                changed = true;
            } else {
                ended = endCause;
            }
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void report(long watchGeneration, List<KvEvent> events) {
        lock.lock();
        try {
            if (watchGeneration != generation) {
                return;
            }
            reported.addAll(events);
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Why {@link #awaitSignal} returned: a change to list for or close, the watch's end, changes reported (and nothing
     * else), or nothing within the wait.
     */
    private enum Wake { CHANGED_OR_CLOSED, ENDED, REPORTED, QUIET }

    /** Waits at most {@code quiet} for a change, the watch's end or close. */
    private Wake awaitSignal(Duration quiet) {
        lock.lock();
        try {
            long remaining = quiet.toNanos();
            while (!closed && !changed && ended == null && reported.isEmpty()) {
                if (remaining <= 0) {
                    return Wake.QUIET;
                }
                remaining = wake.awaitNanos(remaining);
            }
            return ended != null ? Wake.ENDED : closed || changed ? Wake.CHANGED_OR_CLOSED : Wake.REPORTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Wake.CHANGED_OR_CLOSED;
        } finally {
            lock.unlock();
        }
    }

    /** The cause the current watch ended with, cleared. */
    private KvStoreException takeEnded() {
        lock.lock();
        try {
            KvStoreException cause = ended;
            ended = null;
            return cause;
        } finally {
            lock.unlock();
        }
    }

    private void pause(Duration delay) {
        lock.lock();
        try {
            long remaining = delay.toNanos();
            while (!closed && remaining > 0) {
                remaining = wake.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void closeWatch() {
        lock.lock();
        try {
            generation++;
            ended = null;
            reported.clear();
        } finally {
            lock.unlock();
        }
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    private void clearChanged() {
        lock.lock();
        try {
            changed = false;
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(KvSnapshot snapshot) {
        long previous = deliveredRevision;
        boolean sameRevision = previous == snapshot.revision();
        if (sameRevision && isDelivered(snapshot.pairs())) {
            return;
        }
        delivered.clear();
        snapshot.pairs().forEach(pair -> delivered.put(pair.key(), pair.value()));
        deliveredRevision = snapshot.revision();
        try {
            if (previous >= 0 && (sameRevision || snapshot.revision() < previous)) {
                LOG.warn("{}: \"{}\" read at revision {} after revision {}: the store's history went back (wiped, or"
                        + " restored from a snapshot); taking what it holds now ({} keys) as the truth",
                        store.describe(), prefix, snapshot.revision(), previous, snapshot.pairs().size());
                listener.historyReset(snapshot, previous);
            } else {
                listener.snapshot(snapshot);
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: the listener of \"{}\" failed on the snapshot at revision {}", store.describe(), prefix,
                    snapshot.revision(), e);
        }
    }

    /**
     * Applies the changes the watch reported to what was delivered and passes them on. Changes of revisions a list
     * already covered are left out (the watch outlives a list that a bare signal asked for).
     */
    private void applyReported() {
        List<KvEvent> events = new ArrayList<>();
        for (KvEvent event : takeReported()) {
            if (event.revision() > deliveredRevision) {
                events.add(event);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        for (KvEvent event : events) {
            if (event.deleted()) {
                delivered.remove(event.key());
            } else {
                delivered.put(event.key(), event.value());
            }
            deliveredRevision = Math.max(deliveredRevision, event.revision());
        }
        try {
            if (listener instanceof ChangeListener changes) {
                changes.changed(new KvChanges(events, deliveredRevision, delivered.size()));
            } else {
                listener.snapshot(new KvSnapshot(deliveredPairs(), deliveredRevision));
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: the listener of \"{}\" failed on the changes up to revision {}", store.describe(), prefix,
                    deliveredRevision, e);
        }
    }

    /** True if {@code pairs} are the pairs delivered, in their order. */
    private boolean isDelivered(List<KvPair> pairs) {
        if (pairs.size() != delivered.size()) {
            return false;
        }
        Iterator<Map.Entry<String, String>> held = delivered.entrySet().iterator();
        for (KvPair pair : pairs) {
            Map.Entry<String, String> entry = held.next();
            if (!pair.key().equals(entry.getKey()) || !pair.value().equals(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    private List<KvPair> deliveredPairs() {
        List<KvPair> pairs = new ArrayList<>(delivered.size());
        delivered.forEach((key, value) -> pairs.add(KvPair.of(key, value)));
        return pairs;
    }

    private List<KvEvent> takeReported() {
        lock.lock();
        try {
            List<KvEvent> events = List.copyOf(reported);
            reported.clear();
            return events;
        } finally {
            lock.unlock();
        }
    }

    private void reportAvailable() {
        if (status instanceof StoreStatus.Available) {
            return;
        }
        if (status instanceof StoreStatus.Unavailable unavailable) {
            LOG.info("{}: readable again after {} ms", store.describe(),
                    Duration.between(unavailable.since(), clock.instant()).toMillis());
        }
        report(new StoreStatus.Available(clock.instant()));
    }

    private void reportUnavailable(KvStoreException cause) {
        if (status instanceof StoreStatus.Unavailable) {
            return;
        }
        LOG.warn("{}: cannot read \"{}\": {}", store.describe(), prefix, cause.getMessage());
        report(new StoreStatus.Unavailable(clock.instant(), cause));
    }

    private void report(StoreStatus newStatus) {
        status = newStatus;
        try {
            listener.status(newStatus);
        } catch (RuntimeException e) {
            LOG.warn("{}: the listener of \"{}\" failed on status {}", store.describe(), prefix, newStatus, e);
        }
    }

    @Override
    public String toString() {
        return "PrefixWatcher[" + store.describe() + " \"" + prefix + "\"]";
    }
}
