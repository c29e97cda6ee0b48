package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ClientBuilder;
import io.kvroute.kv.store.StoreSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EtcdClientFactoryTest {
    @Test
    void theKeepaliveSettingsReachTheClientBuilder() {
        StoreSettings settings = StoreSettings.etcd("127.0.0.1:2379")
                .withKeepalive(Duration.ofSeconds(45), Duration.ofSeconds(3));

        ClientBuilder builder = EtcdClientFactory.builder(settings);

        assertThat(builder.keepaliveTime()).isEqualTo(Duration.ofSeconds(45));
        assertThat(builder.keepaliveTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theDefaultKeepaliveIsJetcdsOwn() {
        ClientBuilder builder = EtcdClientFactory.builder(StoreSettings.etcd("127.0.0.1:2379"));

        assertThat(builder.keepaliveTime()).isEqualTo(io.etcd.jetcd.Client.builder().keepaliveTime());
        assertThat(builder.keepaliveTimeout()).isEqualTo(io.etcd.jetcd.Client.builder().keepaliveTimeout());
        assertThat(builder.keepaliveWithoutCalls()).isEqualTo(io.etcd.jetcd.Client.builder().keepaliveWithoutCalls());
    }

    @Test
    void aMembersClientReachesThatMemberOnlyFailsAtOnceWhenItRefusesAndNeverRetriesItself() {
        StoreSettings settings = StoreSettings.etcd("127.0.0.1:2379", "127.0.0.1:2380")
                .withKeepalive(Duration.ofSeconds(45), Duration.ofSeconds(3));

        ClientBuilder builder = EtcdClientFactory.memberBuilder(settings, "http://127.0.0.1:2380");

        assertThat(builder.target()).contains("127.0.0.1:2380").doesNotContain("2379");
        assertThat(builder.waitForReady()).isFalse();
        assertThat(builder.retryMaxAttempts()).as("jetcd would send a grant or a compaction again after a reset")
                .isZero();
        assertThat(builder.keepaliveTime()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aKeepaliveTimeBelowGrpcsFloorIsRefused() {
        assertThatThrownBy(() -> StoreSettings.etcd("127.0.0.1:2379")
                .withKeepalive(Duration.ofSeconds(2), Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keepalive time: 2s (expected: >= 10s, the shortest gRPC allows)");
    }
}
