package io.kvroute.kv.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeaseTtlTest {
    @ParameterizedTest
    @CsvSource({"15000, 15", "10500, 11", "1, 1", "999, 1", "1000, 1", "1001, 2"})
    void roundsUpToWholeSecondsSoALeaseNeverLivesShorterThanAsked(long millis, long seconds) {
        assertThat(LeaseTtl.wholeSeconds(Duration.ofMillis(millis))).isEqualTo(seconds);
    }

    @Test
    void aFractionOfAMillisecondStillRoundsUp() {
        assertThat(LeaseTtl.wholeSeconds(Duration.ofSeconds(1).plusNanos(1))).isEqualTo(2);
    }

    @Test
    void zeroAndNegativeTtlsAreInvalidWithOneMessage() {
        assertThatThrownBy(() -> LeaseTtl.requirePositive(Duration.ZERO))
                .isInstanceOfSatisfying(KvStoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(KvStoreException.Kind.INVALID))
                .hasMessage("ttl: 0ms (expected: > 0)");
        assertThatThrownBy(() -> LeaseTtl.wholeSeconds(Duration.ofMillis(-1500)))
                .hasMessage("ttl: -1500ms (expected: > 0)");
    }
}
