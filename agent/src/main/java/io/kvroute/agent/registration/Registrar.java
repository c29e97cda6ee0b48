package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.registration.RegistrarStatus.Phase;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.PrefixWatcher;
import io.kvroute.kv.store.StoreStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one agent's {@link DesiredState} alive in the store: one TTL lease that every written key is bound to, one
 * transaction per server, level-triggered reconciliation (see {@link ReconcilePlan} for the exact rules), drain and
 * deregistration.
 *
 * <p>All store writes happen on one reconcile thread. A pass runs on {@link #update}, on every snapshot of the
 * watched prefixes (so a shared key deleted by another agent's lease expiry is re-asserted at once), when the lease
 * is lost, when the store answers again, and every {@link RegistrarSettings#reconcileInterval()}. Each pass reads the
 * watched prefixes afresh and writes the difference. Store failures are logged once per outage and retried with
 * {@link RegistrarSettings#retryBackoff()}; nothing is thrown out of the registrar's threads.
 *
 * <p>{@link #drainAndStop} is the clean stop; {@link #close()} stops keeping the lease alive without deleting
 * anything, which to the store looks like a crash: the keys expire after the TTL. The store is not closed.
 */
public final class Registrar implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);

    private final KvStore store;
    private final RegistrarSettings settings;
    private final RegistrarListener listener;
    private final Clock clock;
    private final StoreAvailability availability;
    private final Reconciler reconciler;
    private final Thread thread;
    private final List<PrefixWatcher> watchers = new ArrayList<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition passEnded = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private DesiredState desired = DesiredState.empty();
    /** Guarded by {@link #lock}: raised by every {@link #update}. */
    private long desiredVersion;
    /** Guarded by {@link #lock}: the desired version the latest successful pass wrote. */
    private long appliedVersion = -1;
    /** Guarded by {@link #lock}. */
    private boolean triggered;
    /** Guarded by {@link #lock}: a lease the store reported lost, not yet handled by the reconcile thread. */
    private Lease lostLease;
    /** Guarded by {@link #lock}. */
    private String lostReason;
    /** Guarded by {@link #lock}. */
    private Phase phase = Phase.NEW;
    /** Guarded by {@link #lock}: the reconcile thread deregisters and ends. */
    private boolean deregisterRequested;
    /** Guarded by {@link #lock}: the reconcile thread abandons the lease and ends. */
    private boolean closeRequested;

    /** Written by the reconcile thread after every pass. */
    private volatile RegistrarStatus published;

    public Registrar(KvStore store, RegistrarSettings settings, RegistrarListener listener) {
        this.store = requireNonNull(store, "store");
        this.settings = requireNonNull(settings, "settings");
        this.listener = requireNonNull(listener, "listener");
        this.clock = Clock.systemUTC();
        this.availability = new StoreAvailability(store.describe(), clock);
        this.reconciler = new Reconciler(new TimedStore(store, listener), settings, listener, this::leaseLost);
        this.thread = new Thread(this::run, "kvroute-registrar " + settings.node());
        this.thread.setDaemon(true);
        this.published = snapshot(Optional.empty());
    }

    /** Starts the reconcile thread and the watches; the first pass grants the lease and removes stale keys. */
    public void start() {
        lock.lock();
        try {
            if (phase != Phase.NEW) {
                throw new IllegalStateException("registrar of node " + settings.node() + ": already started");
            }
            phase = Phase.RUNNING;
            triggered = true;
        } finally {
            lock.unlock();
        }
        LOG.info("registrar of node {} starting on {} (prefixes {}, lease ttl {}, reconcile every {})",
                settings.node(), store.describe(), settings.watchedPrefixes(), settings.leaseTtl(),
                settings.reconcileInterval());
        thread.start();
        synchronized (watchers) {
            for (String prefix : settings.watchedPrefixes()) {
                watchers.add(PrefixWatcher.start(store, prefix, new WatchTrigger(), settings.retryBackoff()));
            }
        }
    }

    /**
     * Makes {@code state} the desired state and triggers a pass; returns at once.
     *
     * @throws IllegalArgumentException when a key lies outside the watched prefixes or a server id belongs to
     *                                  another node
     */
    public void update(DesiredState state) {
        requireNonNull(state, "state");
        validate(state);
        lock.lock();
        try {
            desired = state;
            desiredVersion++;
            triggered = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The clean stop: writes {@code drained} (this node's servers with weight 0 or removed; waits at most one lease
     * TTL for the store to take it), waits {@code grace} so proxies stop sending new requests, then deletes this
     * node's server keys and revokes the lease, which deletes the shared keys it holds. Does nothing once stopped
     * or closed.
     */
    public void drainAndStop(Duration grace, DesiredState drained) {
        requireNonNull(grace, "grace");
        requireNonNull(drained, "drained");
        validate(drained);
        long version;
        lock.lock();
        try {
            if (phase == Phase.NEW) {
                throw new IllegalStateException("registrar of node " + settings.node() + ": not started");
            }
            if (phase != Phase.RUNNING) {
                return;
            }
            phase = Phase.DRAINING;
            desired = drained;
            version = ++desiredVersion;
            triggered = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (awaitApplied(version, settings.leaseTtl())) {
            LOG.info("drained state of node {} written; waiting the grace period of {}", settings.node(), grace);
        } else {
            LOG.warn("drained state of node {} not confirmed by {} within {}; stopping anyway", settings.node(),
                    store.describe(), settings.leaseTtl());
        }
        pause(grace);
        closeWatchers();
        lock.lock();
        try {
            deregisterRequested = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        join();
    }

    /**
     * Stops the registrar without deregistering: the lease is no longer kept alive, so this node's keys expire after
     * the TTL (what a crash looks like to the store). Idempotent; does nothing after {@link #drainAndStop}.
     */
    @Override
    public void close() {
        boolean started;
        lock.lock();
        try {
            if (phase == Phase.STOPPED || phase == Phase.CLOSED) {
                return;
            }
            started = phase != Phase.NEW;
            phase = Phase.CLOSED;
            closeRequested = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        closeWatchers();
        if (started) {
            thread.interrupt();
            join();
        }
    }

    /** A read-only snapshot for {@code /health} and {@code /metrics}. */
    public RegistrarStatus status() {
        RegistrarStatus last = published;
        Phase current;
        lock.lock();
        try {
            current = phase;
        } finally {
            lock.unlock();
        }
        return new RegistrarStatus(current, last.store(), availability.connected(), last.leaseId(), last.leaseState(),
                last.lastReconcile(), last.serverKeys(), last.sharedKeys(), last.corrections(), last.conflicts(),
                last.rejectedWrites());
    }

    private void validate(DesiredState state) {
        Stream.concat(state.servers().stream().flatMap(server -> server.pairs().stream()), state.shared().stream())
                .map(KvPair::key)
                .filter(key -> !settings.watches(key))
                .findFirst()
                .ifPresent(key -> {
                    throw new IllegalArgumentException("key " + key + ": outside the watched prefixes "
                            + settings.watchedPrefixes() + " (expected: under one of them)");
                });
        for (ServerRegistration server : state.servers()) {
            if (!server.id().isOwnedBy(settings.node())) {
                throw new IllegalArgumentException("server id " + server.id() + ": belongs to node "
                        + server.id().node() + " (expected: an id of node " + settings.node() + ")");
            }
        }
    }

    private void leaseLost(Lease lease, String reason) {
        lock.lock();
        try {
            lostLease = lease;
            lostReason = reason;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void trigger() {
        lock.lock();
        try {
            triggered = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The reconcile thread: waits for a reason, then reconciles, deregisters or abandons; never throws. */
    private void run() {
        long nextPeriodic = System.nanoTime() + settings.reconcileInterval().toNanos();
        long retryAt = Long.MAX_VALUE;
        int failures = 0;
        while (true) {
            Work work = awaitWork(Math.min(nextPeriodic, retryAt));
            try {
                if (work.close() || work.deregister()) {
                    finish(work);
                    return;
                }
                if (work.lost() != null) {
                    reconciler.leaseLost(work.lost(), work.lostReason());
                }
                boolean succeeded = pass(work.desired(), work.version());
                failures = succeeded ? 0 : failures + 1;
                retryAt = succeeded ? Long.MAX_VALUE : System.nanoTime()
                        + settings.retryBackoff().delay(failures, ThreadLocalRandom.current()).toNanos();
            } catch (RuntimeException e) {
                LOG.error("registrar of node {} failed unexpectedly; carrying on", settings.node(), e);
            }
            nextPeriodic = System.nanoTime() + settings.reconcileInterval().toNanos();
        }
    }

    /** Abandons the lease ({@link #close()}) or deregisters ({@link #drainAndStop}), as the last act of the thread. */
    private void finish(Work work) {
        try {
            if (work.close()) {
                reconciler.abandon();
            } else {
                reconciler.deregister(work.desired());
                lock.lock();
                try {
                    phase = Phase.STOPPED;
                } finally {
                    lock.unlock();
                }
            }
        } catch (RuntimeException e) {
            LOG.error("registrar of node {} failed while stopping; its keys expire with the lease", settings.node(), e);
        }
        publish(published.lastReconcile());
    }

    private boolean pass(DesiredState state, long version) {
        ReconcileOutcome outcome;
        try {
            String summary = reconciler.pass(state);
            availability.succeeded();
            outcome = new ReconcileOutcome(clock.instant(), true, summary);
            LOG.debug("reconciled node {}: {}", settings.node(), summary);
        } catch (KvStoreException e) {
            availability.failed(e.getMessage());
            outcome = new ReconcileOutcome(clock.instant(), false, e.getMessage());
        } catch (RuntimeException e) {
            availability.failed(e.toString());
            LOG.error("reconcile of node {} failed unexpectedly; retrying with backoff", settings.node(), e);
            outcome = new ReconcileOutcome(clock.instant(), false, e.toString());
        }
        publish(Optional.of(outcome));
        listener.reconciled(outcome.succeeded());
        lock.lock();
        try {
            if (outcome.succeeded()) {
                appliedVersion = Math.max(appliedVersion, version);
            }
            passEnded.signalAll();
        } finally {
            lock.unlock();
        }
        return outcome.succeeded();
    }

    /** What the reconcile thread does next. */
    private record Work(DesiredState desired, long version, Lease lost, String lostReason, boolean deregister,
            boolean close) {
    }

    private Work awaitWork(long deadlineNanos) {
        lock.lock();
        try {
            while (!triggered && lostLease == null && !deregisterRequested && !closeRequested) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                try {
                    wake.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    if (closeRequested) {
                        break;
                    }
                }
            }
            Work work = new Work(desired, desiredVersion, lostLease, lostReason, deregisterRequested, closeRequested);
            triggered = false;
            lostLease = null;
            lostReason = null;
            return work;
        } finally {
            lock.unlock();
        }
    }

    private boolean awaitApplied(long version, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (appliedVersion < version && !closeRequested) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                passEnded.awaitNanos(remaining);
            }
            return appliedVersion >= version;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void publish(Optional<ReconcileOutcome> lastReconcile) {
        published = snapshot(lastReconcile);
    }

    private RegistrarStatus snapshot(Optional<ReconcileOutcome> lastReconcile) {
        return new RegistrarStatus(Phase.NEW, store.describe(), availability.connected(), reconciler.leaseId(),
                reconciler.leaseState(), lastReconcile, reconciler.serverKeys(), reconciler.sharedKeys(),
                reconciler.corrections(), reconciler.conflicts(), reconciler.rejectedWrites());
    }

    private void closeWatchers() {
        List<PrefixWatcher> running;
        synchronized (watchers) {
            running = List.copyOf(watchers);
            watchers.clear();
        }
        running.forEach(PrefixWatcher::close);
    }

    private void join() {
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the reconcile thread of node {} did not end within {}", settings.node(), JOIN_TIMEOUT);
        }
    }

    private static void pause(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Turns watch snapshots and a returning store into passes. */
    private final class WatchTrigger implements PrefixWatcher.Listener {
        @Override
        public void snapshot(KvSnapshot snapshot) {
            trigger();
        }

        @Override
        public void status(StoreStatus status) {
            if (status instanceof StoreStatus.Available) {
                trigger();
            } else if (status instanceof StoreStatus.Unavailable unavailable) {
                availability.failed(unavailable.cause().getMessage());
            }
        }
    }
}
