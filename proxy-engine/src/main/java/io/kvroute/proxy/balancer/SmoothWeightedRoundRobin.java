package io.kvroute.proxy.balancer;

import com.google.common.math.LongMath;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.function.IntPredicate;

/**
 * nginx's smooth weighted round robin over a fixed list of weights. On every pick each eligible candidate's current
 * weight grows by its weight, the candidate with the highest current weight wins (the first one on ties), and the
 * winner's current weight drops by the total weight of the eligible candidates. Weights 5, 1, 1 over a, b, c give
 * {@code a a b a c a a}, then repeat; a weight of 0 is never picked.
 *
 * <p>Weights are 64-bit, as Traefik's (a Go {@code int}). They are first divided by their greatest common divisor
 * (2^40 and 2^41 rotate exactly as 1 and 2); if their total still exceeds {@link #MAX_TOTAL} they are shifted right
 * until it does not, a positive weight staying at least 1. Current weights stay within about one total of 0
 * (nginx's invariant), so with totals up to 2^60 no sum overflows. Any total up to 2^60 rotates exactly; beyond,
 * the shares are exact to about 2^-60, finer than Traefik's own float64 deadlines.
 *
 * <p>Concurrency: one small monitor per instance. A pick is O(candidates) arithmetic on two arrays with no
 * allocation and no I/O, so the critical section is a few hundred nanoseconds; a lock-free variant would need a
 * CAS over the whole current-weight vector and buys nothing at these sizes. The eligibility predicate runs inside
 * the lock and must therefore be non-blocking ({@link UsabilityView} guarantees this).
 */
public final class SmoothWeightedRoundRobin {
    /** The largest total of the weights the rotation runs on; larger totals are scaled down to it. */
    static final long MAX_TOTAL = 1L << 60;

    private final long[] weights;
    private final Object lock = new Object();
    @GuardedBy("lock")
    private final long[] current;

    public SmoothWeightedRoundRobin(long[] weights) {
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException("weights[" + i + "]: " + weights[i] + " (expected: >= 0)");
            }
        }
        this.weights = scaled(weights);
        this.current = new long[weights.length];
    }

    /** {@code weights} in the same proportions with a total of at most {@link #MAX_TOTAL} (plus one per weight). */
    static long[] scaled(long[] weights) {
        long divisor = 0;
        for (long weight : weights) {
            divisor = LongMath.gcd(divisor, weight);
        }
        long[] reduced = new long[weights.length];
        for (int i = 0; i < weights.length; i++) {
            reduced[i] = divisor == 0 ? 0 : weights[i] / divisor;
        }
        int shift = 0;
        while (total(reduced, shift) > MAX_TOTAL) {
            shift++;
        }
        for (int i = 0; i < reduced.length; i++) {
            reduced[i] = reduced[i] == 0 ? 0 : Math.max(1, reduced[i] >> shift);
        }
        return reduced;
    }

    private static long total(long[] weights, int shift) {
        long total = 0;
        for (long weight : weights) {
            total = LongMath.saturatedAdd(total, weight >> shift);
        }
        return total;
    }

    int size() {
        return weights.length;
    }

    /** The index of the next pick among candidates with weight > 0 that {@code eligible} accepts, or -1. */
    public int next(IntPredicate eligible) {
        synchronized (lock) {
            long total = 0;
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] == 0 || !eligible.test(i)) {
                    continue;
                }
                current[i] += weights[i];
                total += weights[i];
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            if (best >= 0) {
                current[best] -= total;
            }
            return best;
        }
    }
}
