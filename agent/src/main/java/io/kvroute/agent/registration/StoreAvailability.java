package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store currently answers the registrar, logged once per transition: the first failure is a warning
 * naming the store and the error, later failures of the same outage are debug lines, and the first success after
 * an outage says how long it lasted. Thread-safe (the reconcile thread and the watchers report here).
 */
final class StoreAvailability {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAvailability.class);

    private final String store;
    private final Clock clock;
    @GuardedBy("this")
    private boolean connected;
    @GuardedBy("this")
    private Instant unavailableSince;
    @GuardedBy("this")
    private String lastProblem;

    StoreAvailability(String store, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
    }

    synchronized void succeeded() {
        if (unavailableSince != null) {
            LOG.info("{}: answering again after {} ms of failures; reconciling", store,
                    Duration.between(unavailableSince, clock.instant()).toMillis());
        }
        connected = true;
        unavailableSince = null;
        lastProblem = null;
    }

    /** Records a failure; {@code problem} is the error's message, which already names the store and the call. */
    synchronized void failed(String problem) {
        if (unavailableSince == null) {
            unavailableSince = clock.instant();
            LOG.warn("{}; retrying with backoff (registered keys outlive this for at most the lease TTL)", problem);
        } else if (!problem.equals(lastProblem)) {
            LOG.debug("still failing: {}", problem);
        }
        connected = false;
        lastProblem = problem;
    }

    synchronized boolean connected() {
        return connected;
    }
}
