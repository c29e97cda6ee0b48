package io.kvroute.kv.store.etcdhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.store.StoreSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdGatewayTest {
    @Test
    void endpointsNamingTheSameMemberAreOneMember() {
        try (EtcdGateway gateway = new EtcdGateway(StoreSettings.etcd("127.0.0.1:2379", "http://127.0.0.1:2379/",
                "HTTP://LOCALHOST:22379//", "localhost:22379"))) {
            assertThat(gateway.describe()).isEqualTo("etcd http://127.0.0.1:2379,http://localhost:22379");
        }
    }

    @Test
    void movingOnFromAMemberNeverLandsOnItselfWhenEndpointsRepeatIt() {
        try (EtcdGateway gateway = new EtcdGateway(StoreSettings.etcd("127.0.0.1:2379", "http://127.0.0.1:2379/",
                "127.0.0.1:22379"))) {
            List<URI> visited = new ArrayList<>();
            for (int move = 0; move < 4; move++) {
                URI from = gateway.endpoint();
                visited.add(from);
                gateway.moveOn(from);
                assertThat(gateway.endpoint()).as("the member after %s (moves so far: %s)", from, visited)
                        .isNotEqualTo(from);
            }
            assertThat(visited).containsOnly(URI.create("http://127.0.0.1:2379/"),
                    URI.create("http://127.0.0.1:22379/"));
        }
    }
}
