package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Whether a balancer may pick one server, as far as health goes (operator drains are separate, see
 * {@link UsabilityView#isDrained}): {@link #UP}, {@link #DOWN} (active probes failed), or ejected by passive checks
 * until a point in time, after which it is usable again. It is what a pick needs of the health checker's richer
 * per-server health record, which the runtime reduces to it.
 */
public sealed interface ServerUsability permits ServerUsability.Up, ServerUsability.Down, ServerUsability.Ejected {
    ServerUsability UP = new Up();
    ServerUsability DOWN = new Down();

    /** Ejected (connection failures, 5xx bursts) until {@code until}. */
    static ServerUsability ejectedUntil(Instant until) {
        return new Ejected(until);
    }

    /** True if a server in this state may receive requests at {@code epochMillis}. */
    boolean isUsableAt(long epochMillis);

    /** Probes pass (or the service has no health check). */
    record Up() implements ServerUsability {
        @Override
        public boolean isUsableAt(long epochMillis) {
            return true;
        }
    }

    /** Probes fail. */
    record Down() implements ServerUsability {
        @Override
        public boolean isUsableAt(long epochMillis) {
            return false;
        }
    }

    /** Passively ejected; usable again from {@code until} on. */
    record Ejected(Instant until) implements ServerUsability {
        public Ejected {
            requireNonNull(until, "until");
        }

        @Override
        public boolean isUsableAt(long epochMillis) {
            return epochMillis >= until.toEpochMilli();
        }
    }
}
