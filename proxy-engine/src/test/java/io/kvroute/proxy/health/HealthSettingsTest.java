package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthSettingsTest {
    @ParameterizedTest(name = "ejection {0} in a row lasts {1}s")
    @CsvSource({"1, 5", "2, 10", "3, 20", "4, 40", "5, 60", "6, 60", "1000, 60", "2147483647, 60"})
    void theDefaultBackoffDoublesFromFiveSecondsUpToSixty(int streak, long seconds) {
        assertThat(HealthSettings.defaults().ejectionBackoff(streak)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void defaultsAreRiseTwoFallTwo() {
        assertThat(HealthSettings.defaults()).isEqualTo(
                new HealthSettings(2, 2, Duration.ofSeconds(5), Duration.ofSeconds(60)));
    }

    @ParameterizedTest(name = "{4}")
    @CsvSource(delimiter = '|', value = {
        "0 | 2 | 5 | 60 | rise: 0 (expected: >= 1)",
        "2 | 0 | 5 | 60 | fall: 0 (expected: >= 1)",
        "2 | 2 | 0 | 60 | firstEjection: PT0S (expected: > 0)",
        "2 | 2 | 5 | 4  | maxEjection: PT4S (expected: >= firstEjection PT5S)"})
    void rejectsNonsense(int rise, int fall, long first, long max, String message) {
        assertThatThrownBy(() -> new HealthSettings(rise, fall, Duration.ofSeconds(first), Duration.ofSeconds(max)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void aStreakStartsAtOne() {
        assertThatThrownBy(() -> HealthSettings.defaults().ejectionBackoff(0))
                .hasMessage("streak: 0 (expected: >= 1)");
    }
}
