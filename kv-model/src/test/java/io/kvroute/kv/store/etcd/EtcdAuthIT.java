package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import io.kvroute.kv.store.RecordingWatchListener;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.testing.EtcdExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both etcd adapters against an etcd with authentication enabled ({@code --etcd.username}/{@code --etcd.password}):
 * reads, writes, watches and leases with the token etcd issues, a refusal of wrong or missing credentials, and a
 * token that etcd forgot (simple tokens do not outlive a restart) renewed without the caller noticing.
 */
class EtcdAuthIT {
    private static final String USER = "root";
    private static final String PASSWORD = "kvroute-test-password";

    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private String prefix;

    @BeforeAll
    static void enableAuth() throws Exception {
        try (Client admin = Client.builder().endpoints("http://" + etcd.endpoint()).build()) {
            admin.getAuthClient().userAdd(bytes(USER), bytes(PASSWORD)).get(10, TimeUnit.SECONDS);
            admin.getAuthClient().roleAdd(bytes(USER)).get(10, TimeUnit.SECONDS);
            admin.getAuthClient().userGrantRole(bytes(USER), bytes(USER)).get(10, TimeUnit.SECONDS);
            admin.getAuthClient().authEnable().get(10, TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void pickPrefix() {
        prefix = "kvroute-auth/" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    private static StoreSettings withCredentials() {
        return etcd.settings().withCredentials(USER, PASSWORD);
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void withCredentialsEveryCallWorks(EtcdAdapter adapter) {
        try (KvStore store = adapter.open(withCredentials())) {
            RecordingWatchListener listener = new RecordingWatchListener();
            long start = store.list(prefix).revision();
            store.watch(prefix, start, listener);
            Lease lease = store.grantLease(Duration.ofSeconds(5), LeaseListener.IGNORE);

            long written = store.commit(KvTransaction.builder().put(prefix + "a", "1", lease).build());

            assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "a", "1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().size() == 1);
            assertThat(listener.changes()).containsExactly(KvEvent.put(prefix + "a", "1", written));
            assertThat(lease.remainingSeconds()).isPositive();
            lease.revoke();
        }
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void aWrongPasswordIsUnauthorized(EtcdAdapter adapter) {
        try (KvStore store = adapter.open(etcd.settings().withCredentials(USER, "wrong"))) {
            assertThatThrownBy(() -> store.list(prefix))
                    .isInstanceOfSatisfying(KvStoreException.class,
                            e -> assertThat(e.kind()).isEqualTo(KvStoreException.Kind.UNAUTHORIZED));
        }
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void noCredentialsAreUnauthorized(EtcdAdapter adapter) {
        try (KvStore store = adapter.open(etcd.settings())) {
            assertThatThrownBy(() -> store.commit(KvTransaction.builder().put(prefix + "a", "1").build()))
                    .isInstanceOfSatisfying(KvStoreException.class,
                            e -> assertThat(e.kind()).isEqualTo(KvStoreException.Kind.UNAUTHORIZED));
        }
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void aTokenEtcdForgotInARestartIsRenewed(EtcdAdapter adapter) {
        try (KvStore store = adapter.open(withCredentials().withRequestTimeout(Duration.ofSeconds(10)))) {
            store.commit(KvTransaction.builder().put(prefix + "before", "1").build());

            etcd.stop();
            etcd.start();

            // the first call after the restart: its forgotten token is renewed and the call sent again, unseen
            assertThat(store.commit(KvTransaction.builder().put(prefix + "after", "2").build())).isPositive();
            assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "after", "2"),
                    KvPair.of(prefix + "before", "1"));
        }
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
