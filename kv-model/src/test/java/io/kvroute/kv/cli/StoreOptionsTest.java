package io.kvroute.kv.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.Client;
import io.kvroute.kv.store.StoreSettings;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class StoreOptionsTest {
    @Command(name = "test")
    static final class Holder {
        @Mixin
        StoreOptions store = new StoreOptions();
    }

    private static StoreSettings settings(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.store.toSettings(Optional.empty());
    }

    @Test
    void etcdConnectionsKeepJetcdsOwnKeepaliveByDefault() {
        StoreSettings settings = settings("--etcd");

        assertThat(settings.keepaliveTime()).isEqualTo(Duration.ofSeconds(30))
                .isEqualTo(Client.builder().keepaliveTime());
        assertThat(settings.keepaliveTimeout()).isEqualTo(Duration.ofSeconds(10))
                .isEqualTo(Client.builder().keepaliveTimeout());
    }

    @Test
    void theKeepaliveFlagsSetTheEtcdClientsPings() {
        StoreSettings settings = settings("--etcd.endpoint=127.0.0.1:2379", "--etcd.keepalive.time=45s",
                "--etcd.keepalive.timeout=2s");

        assertThat(settings.keepaliveTime()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.keepaliveTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aKeepaliveTimeThatIsNoDurationIsRefusedInOneLineNamingTheFlag() {
        assertThatThrownBy(() -> settings("--etcd", "--etcd.keepalive.time=soon"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("Invalid value for option '--etcd.keepalive.time': 'soon'")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aKeepaliveTimeBelowGrpcsFloorIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> settings("--etcd", "--etcd.keepalive.time=2s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--etcd.keepalive.time: 2s (expected: >= 10s, the shortest gRPC allows)");
    }

    @Test
    void aZeroKeepaliveTimeoutIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> settings("--etcd", "--etcd.keepalive.timeout=0s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--etcd.keepalive.timeout: 0s (expected: > 0)");
    }
}
