package io.kvroute.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** The meters of one label set of a {@link RequestFamily}: what one completed request adds to. */
record Meters(Counter requests, Timer duration, Counter requestBytes, Counter responseBytes) {
    void record(long nanos, long requestBodyBytes, long responseBodyBytes) {
        requests.increment();
        duration.record(nanos, TimeUnit.NANOSECONDS);
        requestBytes.increment(requestBodyBytes);
        responseBytes.increment(responseBodyBytes);
    }
}
