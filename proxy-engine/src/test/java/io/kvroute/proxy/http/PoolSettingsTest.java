package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {
    @Test
    void aTransportsIdleConnTimeoutBecomesThePoolsTtlForEveryIdleConnection() {
        PoolSettings settings = PoolSettings.DEFAULT.withIdleTimeout(Duration.ofMillis(1500));

        assertThat(settings.getTtl()).isEqualTo(1500);
        assertThat(settings.getSMaxConnections()).isZero();
        assertThat(settings.getMaxCachedConnections()).isEqualTo(PoolSettings.DEFAULT.maxIdle());
    }

    @Test
    void zeroMeansIdleConnectionsAreKeptUntilTheServerClosesThem() {
        assertThat(PoolSettings.DEFAULT.withIdleTimeout(Duration.ZERO).getTtl()).isZero();
        assertThat(PoolSettings.DEFAULT.withIdleTimeout(Duration.ofSeconds(-1)).getTtl()).isZero();
    }
}
