package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {
    @Test
    void aTransportsIdleConnTimeoutBecomesThePoolsTtlForEveryIdleConnection() {
        PoolSettings settings = PoolSettings.DEFAULT.withIdle(Duration.ofMillis(1500), 200);

        assertThat(settings.getTtl()).isEqualTo(1500);
        assertThat(settings.getSMaxConnections()).isZero();
        assertThat(settings.getMaxCachedConnections()).isEqualTo(200);
    }

    @Test
    void aTransportsIdleConnectionCountIsCappedByTheConnectionLimitAndNoneBelowZero() {
        assertThat(PoolSettings.DEFAULT.withIdle(Duration.ZERO, 2).getMaxCachedConnections()).isEqualTo(2);
        assertThat(PoolSettings.DEFAULT.withIdle(Duration.ZERO, 100_000).getMaxCachedConnections())
                .isEqualTo(PoolSettings.DEFAULT.maxConnections());
        assertThat(PoolSettings.DEFAULT.withIdle(Duration.ZERO, -1).getMaxCachedConnections()).isZero();
    }

    @Test
    void zeroMeansIdleConnectionsAreKeptUntilTheServerClosesThem() {
        assertThat(PoolSettings.DEFAULT.withIdle(Duration.ZERO, 2).getTtl()).isZero();
        assertThat(PoolSettings.DEFAULT.withIdle(Duration.ofSeconds(-1), 2).getTtl()).isZero();
    }
}
