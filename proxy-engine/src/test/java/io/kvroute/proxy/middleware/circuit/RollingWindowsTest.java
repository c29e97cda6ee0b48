package io.kvroute.proxy.middleware.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** oxy's windows: counts over ten seconds, latency percentiles as Go's hdrhistogram computes them. */
class RollingWindowsTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 7_000 * SECOND;

    @Test
    void aCountForgetsWhatIsTenSecondsOld() {
        RollingCounter counter = new RollingCounter();
        counter.increment(T0);
        counter.increment(T0 + 4 * SECOND);

        assertThat(counter.count(T0 + 9 * SECOND)).isEqualTo(2);
        assertThat(counter.count(T0 + 10 * SECOND)).isEqualTo(1);
        assertThat(counter.count(T0 + 20 * SECOND)).isZero();
    }

    @Test
    void percentilesRoundAsGoDoes() {
        RollingLatencies latencies = new RollingLatencies();
        for (long millis = 1; millis <= 4; millis++) {
            latencies.record(millis * 1_000_000, T0);
        }

        assertThat(latencies.microsAtPercentile(50) / 1_000).isEqualTo(2);
        assertThat(latencies.microsAtPercentile(100) / 1_000).isEqualTo(4);
        assertThat(latencies.microsAtPercentile(10)).as("Go rounds 0.4 requests to none: 0").isZero();
        assertThat(new RollingLatencies().microsAtPercentile(50)).isZero();
    }

    @Test
    void latenciesLastSixTurnsOfTenSeconds() {
        RollingLatencies latencies = new RollingLatencies();
        latencies.record(90_000_000, T0);
        for (int turn = 1; turn <= 5; turn++) {
            latencies.record(1_000_000, T0 + turn * 10 * SECOND);
        }
        assertThat(latencies.microsAtPercentile(100) / 1_000).isEqualTo(90);

        latencies.record(1_000_000, T0 + 60 * SECOND);
        assertThat(latencies.microsAtPercentile(100) / 1_000).isEqualTo(1);
    }
}
