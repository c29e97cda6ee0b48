package io.kvroute.proxy.middleware.circuit;

import java.util.Arrays;

/**
 * A count over the last ten seconds, in ten 1-second buckets (oxy's {@code memmetrics.RollingCounter} with its
 * defaults): a bucket is cleared when its second comes round again. Times are a ticker's nanoseconds. Not
 * thread-safe: its {@link CircuitMetrics} is used under the breaker's lock.
 */
final class RollingCounter {
    private static final int BUCKETS = 10;
    private static final long RESOLUTION_NANOS = 1_000_000_000L;
    private static final long NEVER = Long.MIN_VALUE;

    private final long[] values = new long[BUCKETS];
    private long lastUpdatedSecond = NEVER;

    void increment(long nowNanos) {
        long second = second(nowNanos);
        cleanup(second);
        values[bucket(second)]++;
        lastUpdatedSecond = second;
    }

    long count(long nowNanos) {
        cleanup(second(nowNanos));
        return Arrays.stream(values).sum();
    }

    void reset() {
        Arrays.fill(values, 0);
        lastUpdatedSecond = NEVER;
    }

    /** Clears the buckets of the seconds since the last update, newest first (all of them after ten seconds). */
    private void cleanup(long second) {
        for (int i = 0; i < BUCKETS && second - i > lastUpdatedSecond; i++) {
            values[bucket(second - i)] = 0;
        }
    }

    private static long second(long nanos) {
        return Math.floorDiv(nanos, RESOLUTION_NANOS);
    }

    private static int bucket(long second) {
        return (int) Math.floorMod(second, (long) BUCKETS);
    }
}
