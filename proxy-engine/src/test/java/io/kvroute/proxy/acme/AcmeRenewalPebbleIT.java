package io.kvroute.proxy.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import io.undertow.util.StatusCodes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal at two thirds of the lifetime, with Pebble issuing certificates valid for 15 s (renewed after 10 s; the
 * next renewal is 10 s later, long after the assertions): two proxies on one etcd
 * renew once per lifetime between them, and the snapshot shows the order and then the new certificate.
 */
class AcmeRenewalPebbleIT {
    private static final CertificateDomains DOMAINS = new CertificateDomains(List.of("renew.kvroute.test"));

    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeOpened() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** The state and leaf serial of {@link #DOMAINS} in one snapshot, as a listener saw it. */
    private record Seen(RenewalState state, Optional<String> serial) {
    }

    @Test
    void a_short_lived_certificate_is_renewed_once_by_two_proxies_and_the_snapshot_shows_it() throws Exception {
        Pebble pebble = opened(Pebble.start(dir, Optional.of(Duration.ofSeconds(15))));
        AcmeFixture.ChallengeListener listener = opened(new AcmeFixture.ChallengeListener(pebble.httpPort()));
        AcmeStorageSettings storage = AcmeFixture.storage("kvroute/acme-renew/",
                Optional.of(AcmeFixture.keyFile(dir)), Duration.ofSeconds(5));
        KvStore firstStore = opened(KvStores.open(ETCD.settings()));
        KvStore secondStore = opened(KvStores.open(ETCD.settings()));
        AcmeManager first = opened(AcmeManager.start(firstStore, List.of(AcmeFixture.resolver("le", pebble)),
                storage, Clock.systemUTC()));
        AcmeManager second = opened(AcmeManager.start(secondStore, List.of(AcmeFixture.resolver("le", pebble)),
                storage, Clock.systemUTC()));
        List<Seen> seen = new CopyOnWriteArrayList<>();
        first.addListener(snapshot -> snapshot.state("le", DOMAINS).ifPresent(state -> seen.add(
                new Seen(state.state(), state.certificate().map(AcmeCertificate::serial)))));
        listener.serve(first.http01Handler(exchange -> exchange.setStatusCode(StatusCodes.NOT_FOUND)));

        first.configure(AcmeFixture.routerFor("le", "renew.kvroute.test"));
        second.configure(AcmeFixture.routerFor("le", "renew.kvroute.test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> serial(first).isPresent());
        String issued = serial(first).orElseThrow();
        AcmeCertificate certificate = first.snapshot().state("le", DOMAINS).orElseThrow().certificate().orElseThrow();
        assertThat(Duration.between(certificate.notBefore(), certificate.notAfter()))
                .isLessThanOrEqualTo(Duration.ofSeconds(15));
        long ordersBefore = pebble.orders();

        await().atMost(Duration.ofSeconds(30)).until(() -> serial(first).filter(serial -> !serial.equals(issued))
                .isPresent() && serial(second).equals(serial(first)));

        assertThat(seen).contains(new Seen(RenewalState.VALID, Optional.of(issued)));
        assertThat(seen).anySatisfy(state -> assertThat(state.state())
                .isIn(RenewalState.ORDERING, RenewalState.ORDERING_ELSEWHERE, RenewalState.RENEWAL_DUE));
        assertThat(seen.get(seen.size() - 1).state()).isEqualTo(RenewalState.VALID);
        assertThat(pebble.orders() - ordersBefore).as("orders since the first issue").isEqualTo(1);
        AcmeFixture.verifyChain(first.snapshot().state("le", DOMAINS).orElseThrow().certificate().orElseThrow()
                .chain(), pebble.root());
    }

    private static Optional<String> serial(AcmeManager manager) {
        return manager.snapshot().state("le", DOMAINS)
                .filter(state -> state.state() == RenewalState.VALID)
                .flatMap(AcmeCertificateState::certificate)
                .map(AcmeCertificate::serial);
    }
}
