package io.kvroute.proxy.balancer;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;

/**
 * Traefik's {@code p2c} strategy over a fixed list of servers: two different eligible servers drawn at random, the one
 * with fewer requests in flight wins (the first drawn on a tie); a single eligible server wins alone. A second draw
 * equal to the first moves on to the next candidate, so the two always differ, as in Traefik. Counts live here, per
 * balancer instance: a request counts from its pick until its {@link InFlightRequest} ends.
 */
final class PowerOfTwoChoices {
    private final AtomicIntegerArray inFlight;
    private final RandomGenerator random;

    PowerOfTwoChoices(int size, RandomGenerator random) {
        this.inFlight = new AtomicIntegerArray(size);
        this.random = random;
    }

    /** The index of the chosen server among those {@code eligible} accepts, or -1 when none is. */
    int next(IntPredicate eligible) {
        int[] candidates = new int[inFlight.length()];
        int count = 0;
        for (int i = 0; i < candidates.length; i++) {
            if (eligible.test(i)) {
                candidates[count++] = i;
            }
        }
        if (count <= 1) {
            return count == 0 ? -1 : candidates[0];
        }
        int first = random.nextInt(count);
        int second = random.nextInt(count);
        if (second == first) {
            second = (second + 1) % count;
        }
        int a = candidates[first];
        int b = candidates[second];
        return inFlight.get(b) < inFlight.get(a) ? b : a;
    }

    /** Counts a request on server {@code index} until the returned request ends. */
    InFlightRequest begin(int index) {
        inFlight.incrementAndGet(index);
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                inFlight.decrementAndGet(index);
            }
        };
    }

    /** Requests in flight on server {@code index}. */
    int inFlight(int index) {
        return inFlight.get(index);
    }
}
