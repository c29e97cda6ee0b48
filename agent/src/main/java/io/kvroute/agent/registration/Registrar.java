package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.registration.ReconcileSignals.Work;
import io.kvroute.agent.registration.RegistrarStatus.LeaseState;
import io.kvroute.agent.registration.RegistrarStatus.Phase;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.status.AgentProblem;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one agent's {@link DesiredState} alive in the store: one TTL lease that every written key is bound to, one
 * transaction per server, level-triggered reconciliation (see {@link ReconcilePlan} for the exact rules), drain and
 * deregistration.
 *
 * <p>All store writes happen on one reconcile thread. A pass runs on {@link #update}, whenever its {@link StoreView}
 * moves (a watched key changed: a shared key deleted by another agent's lease expiry is re-asserted at once, and one
 * whose holder's server stopped serving is taken over onto this lease before that agent revokes its own), when the
 * lease is lost, and every {@link LeaseTiming#reconcileInterval()}. A pass compares the desired state with the view
 * and writes the difference; only the first one lists the watched roots (see {@link Reconciler}), so an agent in sync
 * costs the store its lease keep-alives and nothing else. A pass that succeeded ends with the agent's status key
 * (see {@link #report}), put on the same lease only when what it says changed. Store failures (and watches that end
 * with one) are logged once per outage and retried with {@link RegistrarSettings#retryBackoff()}; nothing is thrown
 * out of the registrar's threads.
 *
 * <p>{@link #drainAndStop} is the clean stop; {@link #close()} stops keeping the lease alive without deleting
 * anything, which to the store looks like a crash: the keys expire after the TTL. The store is not closed.
 */
public final class Registrar implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(15);
    /** How long a stop waits for a store that is not answering to take the drained state. */
    private static final Duration UNANSWERED_DRAIN_WAIT = Duration.ofSeconds(3);

    private final KvStore store;
    private final RegistrarSettings settings;
    private final RegistrarListener listener;
    private final Clock clock;
    private final StoreAvailability availability;
    private final Reconciler reconciler;
    private final Thread thread;
    private final StoreView view;

    private final ReconcileSignals signals = new ReconcileSignals();

    /** Written by the reconcile thread after every pass. */
    private volatile RegistrarStatus published;
    /** What the agent refused or cannot do, for its status key; set by {@link #report}. */
    private volatile List<AgentProblem> reported = List.of();

    public Registrar(KvStore store, RegistrarSettings settings, RegistrarListener listener) {
        this.store = requireNonNull(store, "store");
        this.settings = requireNonNull(settings, "settings");
        this.listener = requireNonNull(listener, "listener");
        this.clock = Clock.systemUTC();
        this.availability = new StoreAvailability(store.describe(), clock);
        this.view = new StoreView(store, signals::trigger);
        this.reconciler = new Reconciler(new TimedStore(store, listener), settings, listener, signals::leaseLost,
                view);
        this.thread = new Thread(this::run, "kvroute-registrar " + settings.node());
        this.thread.setDaemon(true);
        this.published = snapshot(Optional.empty());
    }

    /** Starts the reconcile thread; the first pass grants the lease, removes stale keys and starts the watches. */
    public void start() {
        if (!signals.start()) {
            throw new IllegalStateException("registrar of node " + settings.node() + ": already started");
        }
        LOG.info("registrar of node {} starting on {} (prefixes {}, lease ttl {}, reconcile every {})",
                settings.node(), store.describe(), settings.watchedPrefixes(), settings.lease().ttl(),
                settings.lease().reconcileInterval());
        thread.start();
    }

    /**
     * Makes {@code state} the desired state and triggers a pass; returns at once.
     *
     * @throws IllegalArgumentException when a key lies outside the watched prefixes, a server id belongs to
     *                                  another node, or a shared key lies under a server id of this node
     */
    public void update(DesiredState state) {
        requireNonNull(state, "state");
        validate(state);
        signals.desire(state);
    }

    /**
     * Makes {@code problems} what the status key says the agent refused or cannot do (a services file error, Docker
     * unreachable), and triggers a pass when that changed; returns at once.
     */
    public synchronized void report(List<AgentProblem> problems) {
        List<AgentProblem> next = List.copyOf(problems);
        if (!next.equals(reported)) {
            reported = next;
            signals.trigger();
        }
    }

    /**
     * The clean stop: writes {@code drained} (this node's servers with weight 0 or removed), waits {@code grace} so
     * proxies stop sending new requests, then deletes this node's server keys and revokes the lease, which deletes the
     * shared keys it still holds (agents that desire them too put them on their own leases as soon as they see this
     * node's servers drained). The drained state is waited for at most one lease TTL while the store answers, and at
     * most a few seconds while it does not; when it is not taken, no proxy can see the drain, so the registrar stops
     * at once as {@link #close()} does and the keys expire with the lease. Does nothing once stopped or closed.
     *
     * @return what became of this node's keys
     */
    public Deregistration drainAndStop(Duration grace, DesiredState drained) {
        requireNonNull(grace, "grace");
        requireNonNull(drained, "drained");
        validate(drained);
        if (signals.phase() == Phase.NEW) {
            throw new IllegalStateException("registrar of node " + settings.node() + ": not started");
        }
        long version = signals.drain(drained);
        if (version < 0) {
            return deregistration();
        }
        Duration wait = availability.connected() ? settings.lease().ttl()
                : min(settings.lease().ttl(), UNANSWERED_DRAIN_WAIT);
        if (signals.awaitApplied(version, wait)) {
            LOG.info("drained state of node {} written; waiting the grace period of {}", settings.node(), GoDuration.format(grace));
            pause(grace);
            signals.requestDeregister();
            join();
        } else {
            LOG.warn("drained state of node {} not confirmed by {} within {}; stopping without the grace period",
                    settings.node(), store.describe(), GoDuration.format(wait));
            close();
        }
        return deregistration();
    }

    /** What the reconcile thread's last act did to the keys, as it published it (a thread still busy: not deleted). */
    private Deregistration deregistration() {
        RegistrarStatus last = published;
        if (last.leaseState() == LeaseState.REVOKED) {
            return Deregistration.DELETED;
        }
        return last.leaseId().isEmpty() ? Deregistration.NOTHING_REGISTERED : Deregistration.LEFT_TO_EXPIRE;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Stops the registrar without deregistering: the lease is no longer kept alive, so this node's keys expire after
     * the TTL (what a crash looks like to the store). Idempotent; does nothing after {@link #drainAndStop}.
     */
    @Override
    public void close() {
        Phase before = signals.requestClose();
        if (before == null) {
            return;
        }
        if (before != Phase.NEW) {
            thread.interrupt();
            join();
        }
    }

    /** A read-only snapshot for {@code /health} and {@code /metrics}. */
    public RegistrarStatus status() {
        RegistrarStatus last = published;
        return new RegistrarStatus(signals.phase(), last.store(), availability.connected(), last.leaseId(),
                last.leaseState(), last.lastReconcile(), last.serverKeys(), last.sharedKeys(), last.corrections(),
                last.conflicts(), last.rejectedWrites());
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
        for (KvPair pair : state.shared()) {
            ServerKeys.serverPrefixOf(pair.key())
                    .filter(server -> server.id().isOwnedBy(settings.node()))
                    .ifPresent(server -> {
                        throw new IllegalArgumentException("shared key " + pair.key() + ": lies under server "
                                + server.id() + " of this node (expected: server keys in a ServerRegistration)");
                    });
        }
    }

    /** The reconcile thread: waits for a reason, then reconciles, deregisters or abandons; never throws. */
    private void run() {
        long nextPeriodic = System.nanoTime() + settings.lease().reconcileInterval().toNanos();
        long retryAt = Long.MAX_VALUE;
        int failures = 0;
        while (true) {
            Work work = signals.await(Math.min(nextPeriodic, retryAt));
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
            } catch (Exception e) {
                // Exception, not only RuntimeException: a client library may throw a checked one it does not declare
                // (OkHttp's InterruptedException when close() interrupts a call); the thread must live on to finish.
                LOG.error("registrar of node {} failed unexpectedly; carrying on", settings.node(), e);
            }
            nextPeriodic = System.nanoTime() + settings.lease().reconcileInterval().toNanos();
        }
    }

    /**
     * Stops the watches, then abandons the lease ({@link #close()}) or deregisters ({@link #drainAndStop}), as the last
     * act of the thread.
     */
    private void finish(Work work) {
        view.close();
        try {
            if (work.close()) {
                reconciler.abandon();
            } else {
                reconciler.deregister(work.desired());
                signals.stopped();
            }
        } catch (RuntimeException e) {
            LOG.error("registrar of node {} failed while stopping; its keys expire with the lease", settings.node(), e);
        }
        publish(published.lastReconcile());
    }

    private boolean pass(DesiredState state, long version) {
        ReconcileOutcome outcome;
        try {
            String summary = reconciler.pass(state, reported);
            availability.succeeded();
            outcome = new ReconcileOutcome(clock.instant(), true, summary);
            LOG.debug("reconciled node {}: {}", settings.node(), summary);
        } catch (KvStoreException e) {
            if (e.kind() == KvStoreException.Kind.CANCELLED && signals.phase() == Phase.CLOSED) {
                LOG.debug("pass of node {} ended by close(): {}", settings.node(), e.getMessage());
            } else {
                availability.failed(e.getMessage());
            }
            outcome = new ReconcileOutcome(clock.instant(), false, e.getMessage());
        } catch (Exception e) {
            availability.failed(e.toString());
            LOG.error("reconcile of node {} failed unexpectedly; retrying with backoff", settings.node(), e);
            outcome = new ReconcileOutcome(clock.instant(), false, e.toString());
        }
        publish(Optional.of(outcome));
        listener.reconciled(outcome.succeeded());
        signals.passEnded(version, outcome.succeeded());
        return outcome.succeeded();
    }

    private void publish(Optional<ReconcileOutcome> lastReconcile) {
        published = snapshot(lastReconcile);
    }

    private RegistrarStatus snapshot(Optional<ReconcileOutcome> lastReconcile) {
        return new RegistrarStatus(Phase.NEW, store.describe(), availability.connected(), reconciler.leaseId(),
                reconciler.leaseState(), lastReconcile, reconciler.serverKeys(), reconciler.sharedKeys(),
                reconciler.corrections(), reconciler.conflicts(), reconciler.rejectedWrites());
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
}
