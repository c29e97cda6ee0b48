package io.kvroute.proxy.balancer;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.function.IntPredicate;

/**
 * nginx's smooth weighted round robin over a fixed list of weights. On every pick each eligible candidate's current
 * weight grows by its weight, the candidate with the highest current weight wins (the first one on ties), and the
 * winner's current weight drops by the total weight of the eligible candidates. Weights 5, 1, 1 over a, b, c give
 * {@code a a b a c a a}, then repeat; a weight of 0 is never picked.
 *
 * <p>Concurrency: one small monitor per instance. A pick is O(candidates) arithmetic on two arrays with no
 * allocation and no I/O, so the critical section is a few hundred nanoseconds; a lock-free variant would need a
 * CAS over the whole current-weight vector and buys nothing at these sizes. The eligibility predicate runs inside
 * the lock and must therefore be non-blocking ({@link UsabilityView} guarantees this).
 */
public final class SmoothWeightedRoundRobin {
    private final int[] weights;
    private final Object lock = new Object();
    @GuardedBy("lock")
    private final long[] current;

    public SmoothWeightedRoundRobin(int[] weights) {
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException("weights[" + i + "]: " + weights[i] + " (expected: >= 0)");
            }
        }
        this.weights = weights.clone();
        this.current = new long[weights.length];
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
