package io.kvroute.proxy.middleware.circuit;

import com.google.common.base.Ticker;
import java.time.Duration;

/** A ticker that moves only when told to. */
final class FakeTicker extends Ticker {
    private long nanos = 1_000_000_000_000L;

    @Override
    public synchronized long read() {
        return nanos;
    }

    synchronized void advance(Duration duration) {
        nanos += duration.toNanos();
    }
}
