package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What the health checker knows about one server: {@link #UP}, {@link #DOWN} (active probes failed), or ejected by
 * passive checks until a point in time, after which it is usable again.
 */
public sealed interface ServerHealth permits ServerHealth.Up, ServerHealth.Down, ServerHealth.Ejected {
    ServerHealth UP = new Up();
    ServerHealth DOWN = new Down();

    /** Ejected (connection failures, 5xx bursts) until {@code until}. */
    static ServerHealth ejectedUntil(Instant until) {
        return new Ejected(until);
    }

    /** True if a server in this state may receive requests at {@code epochMillis}. */
    boolean isUsableAt(long epochMillis);

    /** Probes pass (or the service has no health check). */
    record Up() implements ServerHealth {
        @Override
        public boolean isUsableAt(long epochMillis) {
            return true;
        }
    }

    /** Probes fail. */
    record Down() implements ServerHealth {
        @Override
        public boolean isUsableAt(long epochMillis) {
            return false;
        }
    }

    /** Passively ejected; usable again from {@code until} on. */
    record Ejected(Instant until) implements ServerHealth {
        public Ejected {
            requireNonNull(until, "until");
        }

        @Override
        public boolean isUsableAt(long epochMillis) {
            return epochMillis >= until.toEpochMilli();
        }
    }
}
