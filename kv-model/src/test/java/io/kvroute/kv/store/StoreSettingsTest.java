package io.kvroute.kv.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

    @Test
    void etcdMembersAreTheirUrlsInLowerCaseWithoutTrailingSlashes() {
        assertThat(StoreSettings.etcd("https://Etcd.Example:2379", "http://127.0.0.1:2379//", "http://[::1]:2379",
                "10.0.0.5:2379").etcdMemberUrls())
                .containsExactly("https://etcd.example:2379", "http://127.0.0.1:2379", "http://[::1]:2379",
                        "http://10.0.0.5:2379");
    }

    @Test
    void userInfoAndPathsAreKeptAsWritten() {
        assertThat(StoreSettings.etcd("http://us%3Aer:pw@Etcd.Example:2379/gw//", "https://[::1]/x").etcdMemberUrls())
                .containsExactly("http://us%3Aer:pw@etcd.example:2379/gw", "https://[::1]/x");
    }

    @Test
    void endpointsNamingTheSameMemberAreOneMemberInTheirFirstPlace() {
        assertThat(StoreSettings.etcd("127.0.0.1:22379", "127.0.0.1:2379", "http://127.0.0.1:2379/",
                "HTTP://127.0.0.1:22379").etcdMemberUrls())
                .containsExactly("http://127.0.0.1:22379", "http://127.0.0.1:2379");
    }

    @Test
    void hostAndPortGetHttpsWhenTheStoreIsReachedOverTls() {
        StoreSettings tls = StoreSettings.etcd("127.0.0.1:2379", "http://127.0.0.1:22379")
                .withTls(Path.of("ca.pem"), null, null);

        assertThat(tls.usesTls()).isTrue();
        assertThat(tls.etcdMemberUrls()).containsExactly("https://127.0.0.1:2379", "http://127.0.0.1:22379");
        assertThat(StoreSettings.etcd("127.0.0.1:2379").usesTls()).isFalse();
    }

    @Test
    void anEndpointThatIsNoUrlIsNamedInTheError() {
        assertThatThrownBy(() -> StoreSettings.etcd("http://127.0.0.1:2379/a b").etcdMemberUrls())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("etcd endpoint http://127.0.0.1:2379/a b: ");
    }
}
