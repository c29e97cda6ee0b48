package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.StoreSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EtcdMembersTest {
    private static final String STORE = "etcd test";

    @Test
    void callsGoToTheFirstMemberUntilOneIsLeftUnansweredThenToTheNext() {
        try (EtcdMembers members = new EtcdMembers(StoreSettings.etcd("127.0.0.1:2379", "127.0.0.1:22379",
                "127.0.0.1:32379"), STORE)) {
            EtcdMembers.Member first = members.current();
            assertThat(first.url()).isEqualTo("http://127.0.0.1:2379");

            members.unanswered(first, failure(Kind.TIMEOUT));
            EtcdMembers.Member second = members.current();
            assertThat(second.url()).isEqualTo("http://127.0.0.1:22379");

            members.unanswered(first, failure(Kind.TIMEOUT));
            assertThat(members.current()).as("a late failure of a member already left moves nothing").isEqualTo(second);
            members.unanswered(second, failure(Kind.NOT_FOUND));
            assertThat(members.current()).as("an answer, even a refusal, keeps the member").isEqualTo(second);

            members.unanswered(second, failure(Kind.UNAVAILABLE));
            EtcdMembers.Member third = members.current();
            assertThat(third.url()).isEqualTo("http://127.0.0.1:32379");
            members.unanswered(third, failure(Kind.TIMEOUT));
            assertThat(members.current()).isEqualTo(first);
        }
    }

    @Test
    void aCallEveryMemberRefusesIsTriedOnEachOnceAndFailsUnavailable() throws IOException {
        String[] endpoints = {"127.0.0.1:" + closedPort(), "127.0.0.1:" + closedPort(), "127.0.0.1:" + closedPort()};
        try (EtcdMembers members = new EtcdMembers(StoreSettings.etcd(endpoints), STORE)) {
            assertThatThrownBy(() -> members.call("list \"traefik/\"", Duration.ofSeconds(10),
                    client -> client.getKVClient().get(io.etcd.jetcd.ByteSequence.from(new byte[] {'t'}))))
                    .isInstanceOfSatisfying(KvStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(EtcdErrors.notSent(e)).isTrue();
                    });
            assertThat(members.current().url()).as("moved on from each member once")
                    .isEqualTo("http://" + endpoints[0]);
        }
    }

    private static KvStoreException failure(Kind kind) {
        return new KvStoreException(kind, STORE + ": list \"traefik/\": " + kind);
    }

    /** A loopback port nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
