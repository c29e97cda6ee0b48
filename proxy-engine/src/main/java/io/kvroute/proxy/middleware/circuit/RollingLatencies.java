package io.kvroute.proxy.middleware.circuit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latencies over the last minute or so, as oxy's {@code memmetrics.RollingHDRHistogram} with its defaults: six HDR
 * histograms of microseconds (1 µs to 1 hour, 2 significant digits), the next one cleared and used once 10 s have
 * passed since the last turn (at most one turn per recorded latency, as in oxy). Not thread-safe.
 */
final class RollingLatencies {
    private static final int BUCKETS = 6;
    private static final long PERIOD_NANOS = 10_000_000_000L;
    private static final long HIGHEST_MICROS = 3_600_000_000L;
    private static final int SIGNIFICANT_DIGITS = 2;
    private static final long NEVER = Long.MIN_VALUE;

    private final Histogram[] buckets = new Histogram[BUCKETS];
    private final Histogram merged = histogram();
    private int current;
    private long lastRoll = NEVER;

    RollingLatencies() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = histogram();
        }
    }

    /** Records one latency; one beyond an hour is dropped, as oxy's histogram refuses it. */
    void record(long latencyNanos, long nowNanos) {
        if (lastRoll == NEVER || nowNanos - lastRoll >= PERIOD_NANOS) {
            current = (current + 1) % BUCKETS;
            buckets[current].reset();
            lastRoll = nowNanos;
        }
        long micros = latencyNanos / 1_000;
        if (micros >= 0 && micros <= HIGHEST_MICROS) {
            buckets[current].recordValue(micros);
        }
    }

    void reset(long nowNanos) {
        current = 0;
        lastRoll = nowNanos;
        for (Histogram bucket : buckets) {
            bucket.reset();
        }
    }

    /**
     * The latency in microseconds at {@code percentile} (0-100) of all six histograms, computed as Go's
     * hdrhistogram does: the highest value equivalent to the first recorded value whose cumulative count reaches
     * {@code (long) (percentile / 100 * total + 0.5)}; 0 when that count is 0.
     */
    long microsAtPercentile(double percentile) {
        merged.reset();
        for (Histogram bucket : buckets) {
            merged.add(bucket);
        }
        double q = Math.min(percentile, 100);
        long wanted = (long) (q / 100 * merged.getTotalCount() + 0.5);
        if (wanted <= 0) {
            return 0;
        }
        long cumulative = 0;
        for (HistogramIterationValue value : merged.recordedValues()) {
            cumulative += value.getCountAddedInThisIterationStep();
            if (cumulative >= wanted) {
                return value.getValueIteratedTo();
            }
        }
        return 0;
    }

    private static Histogram histogram() {
        return new Histogram(1, HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }
}
