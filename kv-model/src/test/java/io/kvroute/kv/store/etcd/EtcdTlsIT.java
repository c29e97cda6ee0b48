package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both etcd adapters against an etcd that serves clients only over mutual TLS ({@code --etcd.tls.ca},
 * {@code --etcd.tls.cert}, {@code --etcd.tls.key}): every call works with the CA and the client certificate, and a
 * client without its certificate or trusting another CA gets nothing.
 */
class EtcdTlsIT {
    @RegisterExtension
    static EtcdExtension etcd = EtcdExtension.withMutualTls();

    private String prefix;

    @BeforeEach
    void pickPrefix() {
        prefix = "kvroute-tls/" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void withTheCaAndAClientCertificateEveryCallWorks(EtcdAdapter adapter) {
        StoreSettings settings = etcd.settings();
        assertThat(settings.tlsCa()).isPresent();
        try (KvStore store = adapter.open(settings)) {
            RecordingWatchListener listener = new RecordingWatchListener();
            store.watch(prefix, store.list(prefix).revision(), listener);
            Lease lease = store.grantLease(Duration.ofSeconds(5), LeaseListener.IGNORE);

            long written = store.commit(KvTransaction.builder().put(prefix + "a", "1", lease).build());

            assertThat(store.describe()).isEqualTo("etcd https://" + etcd.endpoint());
            assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "a", "1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().size() == 1);
            assertThat(listener.changes()).containsExactly(KvEvent.put(prefix + "a", "1", written));
            assertThat(lease.remainingSeconds()).isPositive();
            lease.revoke();
        }
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void withoutAClientCertificateNothingIsAnswered(EtcdAdapter adapter) {
        StoreSettings settings = etcd.settings();
        StoreSettings caOnly = settings.withTls(settings.tlsCa().orElseThrow(), null, null)
                .withRequestTimeout(Duration.ofSeconds(2));
        try (KvStore store = adapter.open(caOnly)) {
            assertThatThrownBy(() -> store.list(prefix))
                    .isInstanceOfSatisfying(KvStoreException.class, e -> assertThat(e.kind())
                            .isIn(KvStoreException.Kind.UNAVAILABLE, KvStoreException.Kind.TIMEOUT));
        }
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void trustingAnotherCaNothingIsAnswered(EtcdAdapter adapter) {
        StoreSettings settings = etcd.settings();
        StoreSettings otherCa = settings.withTls(settings.tlsCert().orElseThrow(), settings.tlsCert().orElseThrow(),
                settings.tlsKey().orElseThrow()).withRequestTimeout(Duration.ofSeconds(2));
        try (KvStore store = adapter.open(otherCa)) {
            assertThatThrownBy(() -> store.list(prefix))
                    .isInstanceOfSatisfying(KvStoreException.class, e -> assertThat(e.kind())
                            .isIn(KvStoreException.Kind.UNAVAILABLE, KvStoreException.Kind.TIMEOUT));
        }
    }
}
