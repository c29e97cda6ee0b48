package io.kvroute.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0.5);

    @ParameterizedTest(name = "attempt {0} -> {1} ms")
    @CsvSource({"0, 100", "1, 200", "2, 400", "3, 800", "4, 1600", "5, 2000", "6, 2000", "1000, 2000", "2147483647, 2000"})
    void doublesUpToTheCapWithoutJitterWhenRandomIsZero(int attempt, long millis) {
        assertThat(backoff.delay(attempt, () -> 0.0)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void jitterShortensByAtMostItsShare() {
        assertThat(backoff.delay(0, () -> 0.5)).isEqualTo(Duration.ofMillis(75));
        assertThat(backoff.delay(5, () -> 0.999999)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1001));
        assertThat(new Backoff(Duration.ofMillis(100), Duration.ofMillis(100), 0).delay(3, () -> 0.9)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void defaultStartsSmallAndStaysBounded() {
        assertThat(Backoff.DEFAULT.delay(0, () -> 0.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(Backoff.DEFAULT.delay(50, () -> 0.0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0.1)).hasMessage("initial: PT0S (expected: > 0)");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.1))
                .hasMessage("max: PT1S (expected: >= initial PT2S)");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5)).hasMessage("jitter: 1.5 (expected: 0..1)");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), Double.NaN)).hasMessage("jitter: NaN (expected: 0..1)");
        assertThatThrownBy(() -> backoff.delay(-1, () -> 0.0)).hasMessage("attempt: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new WatchSettings(backoff, Duration.ZERO)).hasMessage("pingInterval: PT0S (expected: > 0)");
    }
}
