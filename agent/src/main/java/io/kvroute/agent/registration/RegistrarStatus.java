package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A read-only snapshot of a {@link Registrar} for {@code /health} and {@code /metrics}.
 *
 * @param phase           where the registrar is in its life
 * @param store           the store's {@code describe()}
 * @param storeConnected  whether the latest store call (or watch read) succeeded
 * @param leaseId         the current lease's id, when one was granted
 * @param leaseState      what became of the current lease
 * @param lastReconcile   how the latest reconcile pass ended, once one ran
 * @param serverKeys      keys of servers written on the current lease
 * @param sharedKeys      shared keys asserted on the current lease
 * @param corrections     puts and deletes made so far because the store differed from the desired state
 * @param conflicts       shared keys another agent declares differently, as of the latest pass
 * @param rejectedWrites servers and shared keys the store refused as invalid
 */
public record RegistrarStatus(Phase phase, String store, boolean storeConnected, Optional<String> leaseId,
        LeaseState leaseState, Optional<ReconcileOutcome> lastReconcile, int serverKeys, int sharedKeys,
        long corrections, List<SharedKeyConflict> conflicts, List<RejectedWrite> rejectedWrites) {

    /** The registrar's life cycle. */
    public enum Phase {
        /** Built, not started. */
        NEW,
        /** Keeping the desired state alive. */
        RUNNING,
        /** {@code drainAndStop} runs: the drained state is written, the grace period runs. */
        DRAINING,
        /** Deregistered: keys deleted and lease revoked (as far as the store answered). */
        STOPPED,
        /** Closed without deregistering: the lease is no longer kept alive and its keys expire after the TTL. */
        CLOSED
    }

    /** What became of the current lease. */
    public enum LeaseState {
        /** None granted yet (or granting failed so far). */
        NONE,
        /** Granted and kept alive. */
        ACTIVE,
        /** Found gone; a new one is granted as soon as the store answers. */
        LOST,
        /** Revoked by {@code drainAndStop}. */
        REVOKED,
        /** Keep-alive stopped by {@code close()}; it expires after its TTL. */
        ABANDONED
    }

    public RegistrarStatus {
        requireNonNull(phase, "phase");
        requireNonNull(store, "store");
        requireNonNull(leaseId, "leaseId");
        requireNonNull(leaseState, "leaseState");
        requireNonNull(lastReconcile, "lastReconcile");
        conflicts = List.copyOf(requireNonNull(conflicts, "conflicts"));
        rejectedWrites = List.copyOf(requireNonNull(rejectedWrites, "rejectedWrites"));
    }
}
