package io.kvroute.kv.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @ParameterizedTest(name = "failure {0}: {1}..{2} ms")
    @CsvSource({"1, 50, 100", "2, 100, 200", "3, 200, 400", "6, 1600, 3200", "7, 2500, 5000", "40, 2500, 5000"})
    void theDelayDoublesUpToTheMaximumWithJitterInTheUpperHalf(int failures, long lowest, long highest) {
        SplittableRandom random = new SplittableRandom(7);

        for (int i = 0; i < 200; i++) {
            assertThat(Backoff.DEFAULT.delay(failures, random).toMillis()).isBetween(lowest, highest);
        }
    }

    @Test
    void jitterSpreadsTheDelays() {
        SplittableRandom random = new SplittableRandom(7);

        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> Backoff.DEFAULT.delay(5, random)).distinct())
                .hasSizeGreaterThan(10);
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("initial: PT0S (expected: > 0)");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("max: PT1S (expected: >= initial PT2S)");
        assertThatThrownBy(() -> Backoff.DEFAULT.delay(0, new SplittableRandom()))
                .hasMessage("failures: 0 (expected: >= 1)");
    }
}
