package io.kvroute.proxy.middleware.circuit;

import java.util.HashMap;
import java.util.Map;

/**
 * What a circuit breaker's condition reads, as oxy's {@code memmetrics.RTMetrics}: requests, network errors and
 * requests per status code over the last ten seconds ({@link RollingCounter}), latencies over the last minute
 * ({@link RollingLatencies}). Not thread-safe: used under the breaker's lock.
 */
final class CircuitMetrics {
    private final RollingCounter total = new RollingCounter();
    private final RollingCounter networkErrors = new RollingCounter();
    private final Map<Integer, RollingCounter> statusCodes = new HashMap<>();
    private final RollingLatencies latencies = new RollingLatencies();
    private long now;

    /** Records one finished request at {@code nowNanos}. */
    void record(int status, boolean networkError, long latencyNanos, long nowNanos) {
        at(nowNanos);
        total.increment(now);
        if (networkError) {
            networkErrors.increment(now);
        }
        statusCodes.computeIfAbsent(status, code -> new RollingCounter()).increment(now);
        latencies.record(latencyNanos, now);
    }

    /** Sets the time the next readings are for. */
    CircuitMetrics at(long nowNanos) {
        now = nowNanos;
        return this;
    }

    void reset() {
        total.reset();
        networkErrors.reset();
        statusCodes.clear();
        latencies.reset(now);
    }

    /** {@code NetworkErrorRatio()}: network errors over requests; 0 without requests. */
    double networkErrorRatio() {
        long requests = total.count(now);
        return requests == 0 ? 0 : (double) networkErrors.count(now) / requests;
    }

    /**
     * {@code ResponseCodeRatio(from, to, dividedByFrom, dividedByTo)}: requests answered with a status in
     * [from, to) over those answered in [dividedByFrom, dividedByTo); 0 when there are none of the latter.
     */
    double responseCodeRatio(long from, long to, long dividedByFrom, long dividedByTo) {
        long counted = 0;
        long dividedBy = 0;
        for (Map.Entry<Integer, RollingCounter> code : statusCodes.entrySet()) {
            long status = code.getKey();
            if (status >= from && status < to) {
                counted += code.getValue().count(now);
            }
            if (status >= dividedByFrom && status < dividedByTo) {
                dividedBy += code.getValue().count(now);
            }
        }
        return dividedBy == 0 ? 0 : (double) counted / dividedBy;
    }

    /** {@code LatencyAtQuantileMS(percentile)}: whole milliseconds, truncated. */
    long latencyAtQuantileMillis(double percentile) {
        return latencies.microsAtPercentile(percentile) / 1_000;
    }

    /** {@code RequestThreshold()}: requests in the window. */
    long totalCount() {
        return total.count(now);
    }
}
