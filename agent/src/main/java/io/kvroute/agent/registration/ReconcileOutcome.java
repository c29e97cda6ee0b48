package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * How the latest reconcile pass ended.
 *
 * @param at        when it ended
 * @param succeeded true when the store was read and every write it tried was applied or rejected per server
 * @param summary   what it did or why it failed: {@code 2 puts, 1 delete}, {@code etcd http://...: list ...: ...}
 */
public record ReconcileOutcome(Instant at, boolean succeeded, String summary) {
    public ReconcileOutcome {
        requireNonNull(at, "at");
        requireNonNull(summary, "summary");
    }
}
