package io.kvroute.kv.gotext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1s, 1000000000",
        "+5s, 5000000000",
        "-1s, -1000000000",
        "100ms, 100000000",
        "1m30s, 90000000000",
        "1.5h, 5400000000000",
        "1h0m0s, 3600000000000",
        ".5s, 500000000",
        "1.s, 1000000000",
        "10us, 10000",
        "10µs, 10000",
        "10μs, 10000",
        "3ns, 3",
        "2h45m, 9900000000000",
        "9223372036854775807ns, 9223372036854775807",
        "-9223372036854775808ns, -9223372036854775808",
    })
    void parsesGoSyntax(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "1", "1x", "-", ".s", "1.5", "1s2", "9223372036854775808ns", "3000000h", "1 s"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("duration \"" + text + "\" (expected: ");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "1, 1ns",
        "999, 999ns",
        "1000, 1µs",
        "1500, 1.5µs",
        "1000000, 1ms",
        "100000000, 100ms",
        "1000000000, 1s",
        "1500000000, 1.5s",
        "60000000000, 1m0s",
        "90000000000, 1m30s",
        "3600000000000, 1h0m0s",
        "5400000000000, 1h30m0s",
        "-1000000000, -1s",
        "-9223372036854775808, -2562047h47m16.854775808s",
        "9223372036854775807, 2562047h47m16.854775807s",
    })
    void formatsLikeGo(long nanos, String text) {
        assertThat(GoDuration.format(nanos)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"30, 30000000000", "-1, -1000000000", "0, 0", "1m, 60000000000"})
    void traefikDurationsReadBareIntegersAsSeconds(String text, long nanos) {
        assertThat(GoDuration.parseTraefik(text)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372037", "-9223372037"})
    void traefikDurationsRejectSecondsOutOfRange(String text) {
        assertThatThrownBy(() -> GoDuration.parseTraefik(text)).hasMessageContaining("out of range");
    }
}
