package io.kvroute.kv.testing.consul;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Faults the emulator injects on request: the next N requests fail with 500, or every answer is delayed. */
final class ConsulFaults {
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);

    void failNext(int requests) {
        if (requests < 0) {
            throw new IllegalArgumentException("requests: " + requests + " (expected: >= 0)");
        }
        failuresLeft.set(requests);
    }

    void delayAnswers(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("delay: " + by + " (expected: >= 0)");
        }
        delay.set(by);
    }

    void clear() {
        failuresLeft.set(0);
        delay.set(Duration.ZERO);
    }

    /** Consumes one injected failure if any is left. */
    Optional<ApiResponse> injectedFailure() {
        int before = failuresLeft.getAndUpdate(left -> Math.max(0, left - 1));
        return before > 0
                ? Optional.of(ApiResponse.text(500, "rpc error making call: injected by the Consul emulator"))
                : Optional.empty();
    }

    Duration delay() {
        return delay.get();
    }
}
