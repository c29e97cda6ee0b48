package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
    @ParameterizedTest(name = "attempts={0} initial={1}ms retry={2} random={3} -> {4}ns")
    @CsvSource({
        "3, 100, 1, 0.5, 100000000",
        "3, 100, 2, 0.5, 141421356",
        "3, 100, 1, 0.0, 50000000",
        "3, 100, 1, 0.75, 125000000",
        "2, 100, 1, 0.5, 100000000",
        "2, 100, 2, 0.5, 200000000",
        "2, 50000, 2, 0.5, 60000000000",
        "2, 50000, 2, 0.0, 30000000000",
        "1, 100, 1, 0.5, 0",
        "3, 0, 2, 0.5, 0",
    })
    void waitsAsTraefiksExponentialBackoff(int attempts, long initialMillis, int retry, double random, long nanos) {
        RetryPolicy policy = new RetryPolicy(attempts, Duration.ofMillis(initialMillis), Duration.ZERO);

        assertThat(policy.delayBeforeRetry(retry, random)).isEqualTo(Duration.ofNanos(nanos));
    }

    @Test
    void drawsTheRandomValueFromTheGenerator() {
        RandomGenerator half = () -> Long.MIN_VALUE;
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ZERO);

        assertThat(policy.delayBeforeRetry(1, half)).isEqualTo(Duration.ofMillis(100));
    }

    @ParameterizedTest(name = "timeout={0}ms elapsed={1}ms -> {2}")
    @CsvSource({
        "0, 3600000, true",
        "100, 99, true",
        "100, 100, false",
        "100, 250, false",
    })
    void retriesWithinTheTimeoutOnly(long timeoutMillis, long elapsedMillis, boolean allowed) {
        RetryPolicy policy = new RetryPolicy(3, Duration.ZERO, Duration.ofMillis(timeoutMillis));

        assertThat(policy.withinBudget(Duration.ofMillis(elapsedMillis))).isEqualTo(allowed);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("attempts: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialInterval: PT-0.001S (expected: >= 0)");
        assertThatThrownBy(() -> new RetryPolicy(2, Duration.ZERO, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout: PT-1S (expected: >= 0)");
        RetryPolicy policy = new RetryPolicy(2, Duration.ZERO, Duration.ZERO);
        assertThatThrownBy(() -> policy.delayBeforeRetry(0, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("retry: 0 (expected: >= 1)");
        assertThatThrownBy(() -> policy.delayBeforeRetry(1, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("random: 1.0 (expected: 0 <= random < 1)");
    }
}
