package io.kvroute.proxy.acme;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Failed orders of one certificate in a row: how many, why the last one failed, and when the next may start. Written
 * to the store by the proxy that failed (so every proxy backs off and shows the reason), and kept locally when the
 * store itself failed.
 */
record OrderFailure(int failures, String lastError, Instant nextAttempt) {
    OrderFailure {
        requireNonNull(lastError, "lastError");
        requireNonNull(nextAttempt, "nextAttempt");
    }

    /** Of two records (either may be null), the one whose next attempt is later. */
    static OrderFailure later(OrderFailure one, OrderFailure other) {
        if (one == null) {
            return other;
        }
        return other == null || !other.nextAttempt.isAfter(one.nextAttempt) ? one : other;
    }
}
