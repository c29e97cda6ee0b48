package io.kvroute.proxy.middleware.circuit;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Duration;

/**
 * One circuit breaker, as oxy's {@code cbreaker.CircuitBreaker}. In <em>standby</em> every request passes and its
 * outcome is {@link #record recorded}; at most once per {@code checkPeriod}, after a request, the condition is
 * evaluated over the recorded traffic, and when it matches the breaker <em>trips</em>: for {@code fallbackDuration}
 * every request gets the fallback, and the recorded traffic is forgotten. Then it <em>recovers</em> for
 * {@code recoveryDuration}: a growing share of requests passes ({@link RecoveryRamp}), their outcomes are recorded
 * and checked, and a match trips it again; after that time it is in standby. Thread-safe.
 *
 * <pre>{@code
 * CircuitBreaker breaker = new CircuitBreaker(Expression.parse("NetworkErrorRatio() > 0.5"),
 *         Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(10), Ticker.systemTicker(),
 *         tripped::increment);
 * if (breaker.admits()) { ...; breaker.record(status, networkError, latencyNanos); } else { fallback }
 * }</pre>
 */
public final class CircuitBreaker {
    /** Where a breaker is in its cycle. */
    public enum State { STANDBY, TRIPPED, RECOVERING }

    private final Expression condition;
    private final long checkPeriodNanos;
    private final long fallbackNanos;
    private final long recoveryNanos;
    private final Ticker ticker;
    private final Runnable onTripped;
    @GuardedBy("this")
    private final CircuitMetrics metrics = new CircuitMetrics();
    @GuardedBy("this")
    private State state = State.STANDBY;
    @GuardedBy("this")
    private long until;
    @GuardedBy("this")
    private boolean checked;
    @GuardedBy("this")
    private long nextCheck;
    @GuardedBy("this")
    private RecoveryRamp ramp;

    /**
     * @param onTripped run, under the breaker's lock, each time the breaker trips; it must not block
     */
    public CircuitBreaker(Expression condition, Duration checkPeriod, Duration fallbackDuration,
            Duration recoveryDuration, Ticker ticker, Runnable onTripped) {
        this.condition = requireNonNull(condition, "condition");
        this.checkPeriodNanos = requireNonNull(checkPeriod, "checkPeriod").toNanos();
        this.fallbackNanos = requireNonNull(fallbackDuration, "fallbackDuration").toNanos();
        this.recoveryNanos = requireNonNull(recoveryDuration, "recoveryDuration").toNanos();
        if (recoveryNanos <= 0) {
            throw new IllegalArgumentException("recoveryDuration: " + recoveryDuration + " (expected: > 0)");
        }
        this.ticker = requireNonNull(ticker, "ticker");
        this.onTripped = requireNonNull(onTripped, "onTripped");
    }

    /** True if a request may pass now; false if it must get the fallback. */
    public synchronized boolean admits() {
        long now = ticker.read();
        if (state == State.STANDBY) {
            return true;
        }
        if (state == State.TRIPPED) {
            if (now < until) {
                return false;
            }
            state = State.RECOVERING;
            until = now + recoveryNanos;
            ramp = new RecoveryRamp(now, recoveryNanos);
        }
        if (now > until) {
            state = State.STANDBY;
            ramp = null;
            return true;
        }
        return ramp.allows(now);
    }

    /**
     * Records the outcome of a request that passed: its status, whether it was a network error (the proxy could not
     * get an answer from a server) and how long it took; then checks the condition if a check is due.
     */
    public synchronized void record(int status, boolean networkError, long latencyNanos) {
        long now = ticker.read();
        metrics.record(status, networkError, latencyNanos, now);
        if (checked && now <= nextCheck) {
            return;
        }
        checked = true;
        nextCheck = now + checkPeriodNanos;
        if (state == State.TRIPPED || !condition.matches(metrics.at(now))) {
            return;
        }
        state = State.TRIPPED;
        until = now + fallbackNanos;
        metrics.reset();
        onTripped.run();
    }

    /** The state now (a tripped breaker whose fallback time is over still says TRIPPED until a request comes). */
    public synchronized State state() {
        return state;
    }
}
