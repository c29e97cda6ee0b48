package io.kvroute.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeaseTimingTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "500   | 30000 | --ttl: 500ms (expected: >= 1s)",
        "0     | 30000 | --ttl: 0ms (expected: >= 1s)",
        "15000 | 0     | --reconcile-interval: 0ms (expected: > 0s)",
        "15000 | -1    | --reconcile-interval: -1ms (expected: > 0s)"
    })
    void aBadValueIsOneLineNamingItsFlag(long ttlMillis, long reconcileMillis, String message) {
        assertThatThrownBy(() -> new LeaseTiming(Duration.ofMillis(ttlMillis), Duration.ofMillis(reconcileMillis)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"1000, 1", "15000, 15"})
    void oneSecondIsTheShortestTtl(long ttlMillis, long seconds) {
        assertThat(new LeaseTiming(Duration.ofMillis(ttlMillis), Duration.ofSeconds(30)).ttl())
                .isEqualTo(Duration.ofSeconds(seconds));
    }
}
