package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The level-triggered read loop over one prefix that the agent and the proxy use: list the prefix, deliver the
 * snapshot, watch from its revision; on change signals re-list (coalesced: as soon as the previous list finished,
 * so a burst of events yields few lists) and deliver the new snapshot when its revision differs from the last one
 * delivered. When the watch ends (compaction, closed stream, store error) or a list fails, it re-lists and re-watches:
 * at once after compaction, otherwise after a {@link Backoff} delay that grows while lists fail or watches keep
 * ending soon after they start. It reports store availability transitions to the listener.
 *
 * <p>Runs on its own daemon thread, which is also the thread every {@link Listener} call comes from, in order.
 * {@link #close()} stops it; no listener call starts after {@code close()} returned.
 */
public final class PrefixWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixWatcher.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    /** Receives what a {@link PrefixWatcher} reads. Calls come from the watcher's thread, one at a time. */
    public interface Listener {
        /** The prefix's content at a new revision; the first call carries the initial list. */
        void snapshot(KvSnapshot snapshot);

        /**
         * The store became available or unavailable. Called on transitions only: first after the first list attempt,
         * then whenever reads start failing ({@link StoreStatus.Unavailable}: keep the last snapshot, mark it stale)
         * or succeed again ({@link StoreStatus.Available}).
         */
        void status(StoreStatus status);
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
    private KvSnapshot delivered;
    private StoreStatus status;
    private int failures;
    /** Watches in a row that ended by themselves (other than by compaction) soon after they started. */
    private int brokenWatches;
    private long watchStartedNanos;

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
            KvSnapshot snapshot = store.list(prefix);
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
        KvStoreException end = awaitSignal();
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

    /** Waits for a change (returns null), the watch's end (returns its cause) or close (returns null). */
    private KvStoreException awaitSignal() {
        lock.lock();
        try {
            while (!closed && !changed && ended == null) {
                wake.await();
            }
            KvStoreException cause = ended;
            ended = null;
            return cause;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
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
        if (delivered != null && delivered.revision() == snapshot.revision()) {
            return;
        }
        delivered = snapshot;
        try {
            listener.snapshot(snapshot);
        } catch (RuntimeException e) {
            LOG.warn("{}: the listener of \"{}\" failed on the snapshot at revision {}", store.describe(), prefix,
                    snapshot.revision(), e);
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
