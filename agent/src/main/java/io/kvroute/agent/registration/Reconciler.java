package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.registration.ReconcilePlan.KeyCorrection;
import io.kvroute.agent.registration.ReconcilePlan.ServerWrite;
import io.kvroute.agent.registration.ReconcilePlan.SharedWrite;
import io.kvroute.agent.registration.ReconcilePlan.StaleServer;
import io.kvroute.agent.registration.RegistrarListener.Correction;
import io.kvroute.agent.registration.RegistrarStatus.LeaseState;
import io.kvroute.kv.status.AgentProblem;
import io.kvroute.kv.store.KeyOrder;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one reconcile pass and of deregistration: keeps the lease, computes the {@link ReconcilePlan} against
 * the {@link StoreView} and writes it, tracking rejected writes and shared-key conflicts. The first pass reads the
 * whole watched roots once instead (and seeds the view from that read), so that keys an earlier run of this node left
 * anywhere under them are removed; later passes read nothing from the store unless a prefix's watch ended. Each pass
 * that succeeded ends with this agent's {@link StatusKey} (put best-effort, only when what it says changed).
 * Confined to the registrar's reconcile thread; store failures other than per-write rejections (and the status key's)
 * leave as {@link KvStoreException}.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final TimedStore store;
    private final RegistrarSettings settings;
    private final RegistrarListener listener;
    private final LeaseListener leaseListener;
    private final RegistrationLedger ledger = new RegistrationLedger();
    private final WriteProblems problems;
    private final StoreView view;
    private final ViewScope scope = new ViewScope();
    private final StatusKey status;
    /** Whether a pass read the whole roots once and removed what an earlier run of this node left there. */
    private boolean swept;
    private Lease lease;
    private LeaseState leaseState = LeaseState.NONE;
    private long corrections;
    private int sharedInSync;

    Reconciler(TimedStore store, RegistrarSettings settings, RegistrarListener listener, LeaseListener leaseListener,
            StoreView view) {
        this.view = requireNonNull(view, "view");
        this.store = requireNonNull(store, "store");
        this.settings = requireNonNull(settings, "settings");
        this.listener = requireNonNull(listener, "listener");
        this.leaseListener = requireNonNull(leaseListener, "leaseListener");
        this.problems = new WriteProblems(settings.node(), listener);
        this.status = new StatusKey(settings.node(), settings.layout(), Clock.systemUTC());
    }

    /** The store reported {@code lost} gone; the next pass grants a new lease and writes everything again. */
    void leaseLost(Lease lost, String reason) {
        if (lost != lease || leaseState != LeaseState.ACTIVE) {
            return;
        }
        leaseState = LeaseState.LOST;
        listener.leaseLost(lost.id());
        LOG.warn("lease {} lost ({}); granting a new lease and re-registering every desired key", lost.id(), reason);
    }

    /**
     * One level-triggered pass towards {@code desired}, then the status key with {@code reported} (what the agent
     * refused or cannot do) and the shared-key conflicts and rejected writes of the pass; returns what it did. A put
     * refused with {@code NOT_FOUND} means the lease is gone: the pass grants a new one and starts over once. The
     * status key is written best-effort in its own commit: a store that refuses it (an etcd role or Consul ACL token
     * that covers only the Traefik prefix) does not fail the pass, whose server keys are written.
     */
    String pass(DesiredState desired, List<AgentProblem> reported) {
        String summary = reconcile(desired);
        status.write(store, lease, serverKeys() + sharedKeys(), statusProblems(reported));
        return summary;
    }

    /** The pass without the status key: grants the lease when needed, computes the plan and writes it. */
    private String reconcile(DesiredState desired) {
        for (int attempt = 1; ; attempt++) {
            ensureLease();
            Map<String, KvSnapshot> sweep = swept ? Map.of() : store.listEach(settings.watchedPrefixes());
            view.cover(scope.prefixes(desired, ledger, view.pairs()), sweep, store::list);
            NavigableMap<String, String> stored = swept ? view.pairs() : pairsOf(sweep);
            ReconcilePlan plan = ReconcilePlan.compute(settings.node(), desired, stored, ledger);
            try {
                String summary = apply(plan, desired, stored);
                swept = true;
                return summary;
            } catch (KvStoreException e) {
                if (e.kind() != Kind.NOT_FOUND || attempt > 1) {
                    throw e;
                }
                leaseLost(lease, e.getMessage());
            }
        }
    }

    /**
     * Deletes every key of this agent's servers in one transaction, then its status key best-effort (a store that
     * refuses it must not keep the server keys until the TTL; the key goes with the lease anyway), then revokes the
     * lease (and its shared keys).
     */
    void deregister(DesiredState desired) {
        if (lease == null) {
            return;
        }
        Set<String> prefixes = new HashSet<>(ledger.serverPrefixes());
        desired.servers().forEach(server -> prefixes.add(server.keyPrefix()));
        try {
            KvTransaction.Builder transaction = KvTransaction.builder();
            prefixes.stream().sorted().forEach(transaction::deletePrefix);
            store.commit(transaction.build());
            status.delete(store);
            store.revoke(lease);
            leaseState = LeaseState.REVOKED;
            LOG.info("deregistered: deleted the keys of {} server(s) and revoked lease {}", prefixes.size(),
                    lease.id());
        } catch (KvStoreException e) {
            lease.abandon();
            leaseState = LeaseState.ABANDONED;
            LOG.warn("could not deregister ({}); the keys expire with lease {} within {}", e.getMessage(), lease.id(),
                    lease.ttl());
        }
        ledger.newLease();
    }

    /** Stops keeping the lease alive: its keys expire after the TTL, as after a crash. */
    void abandon() {
        if (lease != null && leaseState == LeaseState.ACTIVE) {
            lease.abandon();
            leaseState = LeaseState.ABANDONED;
            LOG.info("stopped keeping lease {} alive; its keys expire within {}", lease.id(), lease.ttl());
        }
    }

    Optional<String> leaseId() {
        return Optional.ofNullable(lease).map(Lease::id);
    }

    LeaseState leaseState() {
        return leaseState;
    }

    int serverKeys() {
        return ledger.serverKeyCount();
    }

    /** The desired shared keys the store held with this node's value at the last pass (or that it just put). */
    int sharedKeys() {
        return sharedInSync;
    }

    long corrections() {
        return corrections;
    }

    List<SharedKeyConflict> conflicts() {
        return problems.conflicts();
    }

    List<RejectedWrite> rejectedWrites() {
        return problems.rejectedWrites();
    }

    /** {@code reported}, then each shared-key conflict and each write the store refused, as the status says them. */
    private List<AgentProblem> statusProblems(List<AgentProblem> reported) {
        List<AgentProblem> all = new ArrayList<>(reported);
        problems.conflicts().forEach(conflict -> all.add(new AgentProblem(conflict.key(), "another agent declares "
                + "this shared key differently: ours \"" + conflict.ours() + "\", the store has \"" + conflict.theirs()
                + "\" (expected: the same value from every agent serving the service)")));
        problems.rejectedWrites().forEach(rejected -> all.add(new AgentProblem(rejected.target(),
                "the store refused the write: " + rejected.reason())));
        return all;
    }

    private void ensureLease() {
        if (lease != null && leaseState == LeaseState.ACTIVE) {
            return;
        }
        Lease previous = lease;
        Lease granted = store.grantLease(settings.lease().ttl(), leaseListener);
        if (previous != null) {
            previous.abandon();
        }
        lease = granted;
        leaseState = LeaseState.ACTIVE;
        ledger.newLease();
        listener.leaseGranted(granted.id());
        if (previous == null) {
            LOG.info("granted lease {} (ttl {}) on {}", granted.id(), granted.ttl(), store.describe());
        } else {
            LOG.info("granted lease {} (ttl {}) replacing lost lease {}; re-registering every desired key",
                    granted.id(), granted.ttl(), previous.id());
        }
    }

    private String apply(ReconcilePlan plan, DesiredState desired, NavigableMap<String, String> stored) {
        int puts = 0;
        int deletes = 0;
        for (ServerWrite write : plan.serverWrites()) {
            if (writeServer(write)) {
                puts += write.server().pairs().size();
                deletes += write.extraKeys().size();
            }
        }
        puts += writeShared(plan.sharedWrites());
        for (StaleServer stale : plan.staleServers()) {
            KvTransaction.Builder transaction = KvTransaction.builder();
            stale.keys().forEach(transaction::delete);
            commit(transaction.build());
            stale.keys().forEach(key -> correct(key, Correction.DELETE_EXTRA));
            deletes += stale.keys().size();
            LOG.info("removed {} ({} key(s)): not desired by node {} (any more)",
                    ServerKeys.describe(stale.server().prefix(), stale.server().id()), stale.keys().size(),
                    settings.node());
        }
        if (!plan.sharedRetractions().isEmpty()) {
            KvTransaction.Builder transaction = KvTransaction.builder();
            plan.sharedRetractions().forEach(pair -> transaction.delete(pair.key()));
            commit(transaction.build());
            for (KvPair pair : plan.sharedRetractions()) {
                ledger.sharedForgotten(pair.key());
                correct(pair.key(), Correction.DELETE_EXTRA);
                LOG.info("deleted shared key {}: no longer desired by node {} (an agent that still desires it "
                        + "re-asserts it)", pair.key(), settings.node());
            }
            deletes += plan.sharedRetractions().size();
        }
        plan.sharedForgotten().forEach(ledger::sharedForgotten);
        forgetUndesired(desired);
        Set<String> conflicting = plan.conflicts().stream().map(SharedKeyConflict::key).collect(Collectors.toSet());
        sharedInSync = (int) desired.shared().stream()
                .filter(pair -> !conflicting.contains(pair.key()))
                .filter(pair -> pair.value().equals(stored.get(pair.key())) || plan.sharedWrites().stream()
                        .anyMatch(write -> write.pair().equals(pair)))
                .count();
        ledger.othersServing(plan.othersServing());
        problems.conflicts(plan.conflicts());
        return puts == 0 && deletes == 0 ? "in sync" : puts + " put(s), " + deletes + " delete(s)";
    }

    /** Writes one server in one transaction; false when skipped or rejected. */
    private boolean writeServer(ServerWrite write) {
        ServerRegistration server = write.server();
        if (problems.stillRejected(server.keyPrefix(), server.pairs())) {
            return false;
        }
        KvTransaction.Builder transaction = KvTransaction.builder();
        write.extraKeys().forEach(transaction::delete);
        server.pairs().forEach(pair -> transaction.put(pair.key(), pair.value(), lease));
        try {
            commit(transaction.build());
        } catch (KvStoreException e) {
            if (e.kind() != Kind.INVALID) {
                throw e;
            }
            problems.rejected(server.keyPrefix(), server.pairs(), e,
                    ServerKeys.describe(server.keyPrefix(), server.id()));
            return false;
        }
        problems.written(server.keyPrefix());
        ledger.serverWritten(server);
        write.corrections().forEach(correction -> correct(correction.key(), correction.correction()));
        String what = ServerKeys.describe(server.keyPrefix(), server.id());
        switch (write.change()) {
            case NEW -> LOG.info("registered {} ({} key(s)) on lease {}", what, server.pairs().size(), lease.id());
            case RESTORED -> LOG.info("re-registered {}: its keys had been deleted from the store", what);
            case CHANGED -> LOG.info("rewrote {}: {}", what, describe(write.corrections(), server.keyPrefix()));
            case REBOUND -> LOG.info("kept {} (already in the store), now bound to lease {}", what, lease.id());
        }
        return true;
    }

    /** Puts the shared keys in one transaction, or one by one when the store rejects the batch; returns the puts. */
    private int writeShared(List<SharedWrite> writes) {
        List<SharedWrite> pending = writes.stream()
                .filter(write -> !problems.stillRejected(write.pair().key(), write.pair().value()))
                .toList();
        if (pending.isEmpty()) {
            return 0;
        }
        try {
            commitShared(pending);
            return pending.size();
        } catch (KvStoreException e) {
            if (e.kind() != Kind.INVALID) {
                throw e;
            }
            if (pending.size() == 1) {
                KvPair pair = pending.get(0).pair();
                problems.rejected(pair.key(), pair.value(), e, "shared key " + pair.key());
                return 0;
            }
        }
        int written = 0;
        for (SharedWrite write : pending) {
            try {
                commitShared(List.of(write));
                written++;
            } catch (KvStoreException e) {
                if (e.kind() != Kind.INVALID) {
                    throw e;
                }
                problems.rejected(write.pair().key(), write.pair().value(), e, "shared key " + write.pair().key());
            }
        }
        return written;
    }

    private void commitShared(List<SharedWrite> writes) {
        KvTransaction.Builder transaction = KvTransaction.builder();
        for (SharedWrite write : writes) {
            if (write.ifAbsent()) {
                transaction.putIfAbsent(write.pair().key(), write.pair().value(), lease);
            } else {
                transaction.put(write.pair().key(), write.pair().value(), lease);
            }
        }
        commit(transaction.build());
        for (SharedWrite write : writes) {
            KvPair pair = write.pair();
            String previous = ledger.sharedWritten(pair.key()).orElse("");
            ledger.sharedPut(pair);
            problems.written(pair.key());
            write.correction().ifPresent(correction -> correct(pair.key(), correction));
            switch (write.change()) {
                case ASSERTED -> LOG.info("asserted shared key {} = \"{}\" (unless another agent put it first)",
                        pair.key(), pair.value());
                case REASSERTED -> LOG.info("re-asserted shared key {}: it was deleted from the store (another "
                        + "agent's lease expiry or removal); unless another agent put it first", pair.key());
                case OWN_CHANGE -> LOG.info("updated shared key {} from \"{}\" to \"{}\": this node's desired value "
                        + "changed", pair.key(), previous, pair.value());
                case TAKEN_OVER -> LOG.info("took over shared key {} (unchanged) on lease {}: a server of another node "
                        + "stopped serving, so its agent may be about to revoke the lease that held the key",
                        pair.key(), lease.id());
            }
        }
    }

    /** Commits {@code transaction} and shows its writes in the view at once. */
    private void commit(KvTransaction transaction) {
        view.wrote(transaction, store.commit(transaction));
    }

    private static NavigableMap<String, String> pairsOf(Map<String, KvSnapshot> lists) {
        NavigableMap<String, String> pairs = new TreeMap<>(KeyOrder.BYTEWISE);
        lists.values().forEach(list -> list.pairs().forEach(pair -> pairs.put(pair.key(), pair.value())));
        return pairs;
    }

    private void correct(String key, Correction correction) {
        corrections++;
        listener.corrected(key, correction);
    }

    private void forgetUndesired(DesiredState desired) {
        Set<String> serverPrefixes = desired.servers().stream()
                .map(ServerRegistration::keyPrefix)
                .collect(Collectors.toSet());
        ledger.retainServers(serverPrefixes);
        Set<String> targets = new HashSet<>(serverPrefixes);
        desired.shared().forEach(pair -> targets.add(pair.key()));
        problems.retainTargets(targets);
    }

    private static String describe(List<KeyCorrection> corrections, String prefix) {
        return corrections.stream()
                .map(correction -> switch (correction.correction()) {
                    case PUT_MISSING -> "added ";
                    case PUT_CHANGED -> "changed ";
                    case DELETE_EXTRA -> "deleted ";
                } + correction.key().substring(prefix.length()))
                .collect(Collectors.joining(", "));
    }
}
