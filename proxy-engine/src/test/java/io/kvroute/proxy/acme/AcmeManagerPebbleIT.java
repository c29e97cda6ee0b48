package io.kvroute.proxy.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.Backoff;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import io.undertow.util.StatusCodes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACME against Let's Encrypt's Pebble and a real etcd: HTTP-01 issue, one order for two proxies, a lock holder that
 * dies mid-order, no storage key, an unreachable CA. Each proxy is an {@link AcmeManager} on its own etcd client.
 */
class AcmeManagerPebbleIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @TempDir
    static Path dir;

    private static Pebble pebble;
    private static AcmeFixture.ChallengeListener listener;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startPebble() throws Exception {
        pebble = Pebble.start(dir, Optional.empty());
        listener = new AcmeFixture.ChallengeListener(pebble.httpPort());
    }

    @AfterAll
    static void stopPebble() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (pebble != null) {
            pebble.close();
        }
    }

    @AfterEach
    void closeOpened() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private KvStore store() {
        KvStore store = KvStores.open(ETCD.settings());
        opened.add(store);
        return store;
    }

    private AcmeManager manager(KvStore store, AcmeStorageSettings storage, AcmeResolverSettings... resolvers) {
        AcmeManager manager = AcmeManager.start(store, List.of(resolvers), storage, Clock.systemUTC());
        opened.add(manager);
        return manager;
    }

    private static Optional<AcmeCertificateState> state(AcmeManager manager, String resolver, String host) {
        return manager.snapshot().state(resolver, new CertificateDomains(List.of(host)));
    }

    private static boolean valid(AcmeManager manager, String resolver, String host) {
        return state(manager, resolver, host).filter(state -> state.state() == RenewalState.VALID).isPresent();
    }

    @Test
    void a_certificate_issued_over_http01_chains_to_pebbles_root_and_its_keys_are_sealed_in_the_store()
            throws Exception {
        AcmeStorageSettings storage = AcmeFixture.storage("kvroute/acme-one/",
                Optional.of(AcmeFixture.keyFile(dir)), Duration.ofSeconds(5));
        KvStore store = store();
        AcmeManager manager = manager(store, storage, AcmeFixture.resolver("le", pebble));
        listener.serve(manager.http01Handler(exchange -> exchange.setStatusCode(StatusCodes.NOT_FOUND)));

        manager.configure(AcmeFixture.routerFor("le", "one.kvroute.test"));

        await().atMost(Duration.ofSeconds(30)).until(() -> valid(manager, "le", "one.kvroute.test"));
        AcmeCertificate certificate = state(manager, "le", "one.kvroute.test").orElseThrow().certificate()
                .orElseThrow();
        assertThat(certificate.leaf().getSubjectAlternativeNames()).extracting(name -> String.valueOf(name.get(1)))
                .containsExactly("one.kvroute.test");
        AcmeFixture.verifyChain(certificate.chain(), pebble.root());
        assertThat(manager.snapshot().servable(java.time.Instant.now())).containsExactly(certificate);

        List<KvPair> pairs = store.list(storage.prefix()).pairs();
        assertThat(pairs).extracting(KvPair::key)
                .containsExactlyInAnyOrder("kvroute/acme-one/le/account",
                        "kvroute/acme-one/le/certificates/one.kvroute.test");
        assertThat(pairs).allSatisfy(pair -> assertThat(pair.value()).doesNotContain("PRIVATE KEY")
                .contains("\"key\":\"aesgcm1:"));
    }

    @Test
    void two_proxies_on_one_etcd_order_a_certificate_once_and_both_hold_it() throws Exception {
        AcmeStorageSettings storage = AcmeFixture.storage("kvroute/acme-two/",
                Optional.of(AcmeFixture.keyFile(dir)), Duration.ofSeconds(5));
        AcmeManager first = manager(store(), storage, AcmeFixture.resolver("le", pebble));
        AcmeManager second = manager(store(), storage, AcmeFixture.resolver("le", pebble));
        // Pebble asks the second proxy, whichever orders: the answers are shared through the store.
        listener.serve(second.http01Handler(exchange -> exchange.setStatusCode(StatusCodes.NOT_FOUND)));
        long ordersBefore = pebble.orders();
        long issuedBefore = pebble.issued();

        Map<AcmeManager, Long> heldAtNanos = new ConcurrentHashMap<>();
        for (AcmeManager manager : List.of(first, second)) {
            manager.addListener(snapshot -> snapshot.state("le", new CertificateDomains(List.of("two.kvroute.test")))
                    .filter(state -> state.certificate().isPresent())
                    .ifPresent(state -> heldAtNanos.putIfAbsent(manager, System.nanoTime())));
        }

        first.configure(AcmeFixture.routerFor("le", "two.kvroute.test"));
        second.configure(AcmeFixture.routerFor("le", "two.kvroute.test"));

        // The listeners hear of a snapshot just after it can be read: wait for both, not only for the state.
        await().atMost(Duration.ofSeconds(30)).until(() -> valid(first, "le", "two.kvroute.test")
                && valid(second, "le", "two.kvroute.test") && heldAtNanos.size() == 2);
        long apartMillis = Math.abs(heldAtNanos.get(first) - heldAtNanos.get(second)) / 1_000_000;
        System.out.println("ACME: the second proxy held the certificate " + apartMillis + " ms after the first");
        assertThat(apartMillis).as("ms between the two proxies holding the certificate (generous bound)")
                .isLessThan(5_000);
        String serial = state(first, "le", "two.kvroute.test").orElseThrow().certificate().orElseThrow().serial();
        assertThat(state(second, "le", "two.kvroute.test").orElseThrow().certificate().orElseThrow().serial())
                .isEqualTo(serial);
        assertThat(pebble.orders() - ordersBefore).isEqualTo(1);
        assertThat(pebble.issued() - issuedBefore).isEqualTo(1);
    }

    @Test
    void a_lock_holder_that_dies_mid_order_is_replaced_once_its_lease_expires() throws Exception {
        AcmeStorageSettings storage = AcmeFixture.storage("kvroute/acme-three/",
                Optional.of(AcmeFixture.keyFile(dir)), Duration.ofSeconds(2));
        CountDownLatch validating = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        // The CA's validation request hangs until the holder is dead: the holder is caught mid-order.
        listener.serve(AcmeFixture.validationHeld(validating, released));
        KvStore holderStore = store();
        AcmeManager holder = manager(holderStore, storage, AcmeFixture.resolver("le", pebble));
        holder.configure(AcmeFixture.routerFor("le", "three.kvroute.test"));
        assertThat(validating.await(30, TimeUnit.SECONDS)).as("the CA validates the holder's order").isTrue();
        KvStore successorStore = store();
        AcmeManager successor = manager(successorStore, storage, AcmeFixture.resolver("le", pebble));
        successor.configure(AcmeFixture.routerFor("le", "three.kvroute.test"));
        await().atMost(Duration.ofSeconds(10)).until(() -> state(successor, "le", "three.kvroute.test")
                .filter(state -> state.state() == RenewalState.ORDERING_ELSEWHERE).isPresent());
        long issuedBefore = pebble.issued();

        // The holder dies: its store client stops (no more lease keep-alives), nothing is released or revoked.
        holderStore.close();
        assertThat(successorStore.list("kvroute/acme-three/le/locks/three.kvroute.test").pairs())
                .as("the dead holder's lock, until its lease expires").isNotEmpty();
        listener.serve(successor.http01Handler(exchange -> exchange.setStatusCode(StatusCodes.NOT_FOUND)));
        released.countDown();

        await().atMost(Duration.ofSeconds(30)).until(() -> valid(successor, "le", "three.kvroute.test"));
        assertThat(pebble.issued() - issuedBefore).isEqualTo(1);
        X509Certificate leaf = state(successor, "le", "three.kvroute.test").orElseThrow().certificate().orElseThrow()
                .leaf();
        assertThat(leaf.getSubjectAlternativeNames()).extracting(name -> String.valueOf(name.get(1)))
                .containsExactly("three.kvroute.test");
    }

    @Test
    void without_a_storage_key_file_nothing_is_ordered_and_the_reason_is_reported() throws Exception {
        AcmeStorageSettings storage = AcmeFixture.storage("kvroute/acme-four/", Optional.empty(),
                Duration.ofSeconds(5));
        AcmeManager manager = manager(store(), storage, AcmeFixture.resolver("le", pebble));
        long ordersBefore = pebble.orders();

        manager.configure(AcmeFixture.routerFor("le", "four.kvroute.test"));

        await().atMost(Duration.ofSeconds(10)).until(() -> state(manager, "le", "four.kvroute.test")
                .filter(state -> state.state() == RenewalState.REFUSED).isPresent());
        assertThat(state(manager, "le", "four.kvroute.test").orElseThrow().lastError()).hasValueSatisfying(
                error -> assertThat(error).contains("--acme.storage.keyFile is not set"));
        assertThat(manager.snapshot().problems()).anySatisfy(problem -> assertThat(problem)
                .contains("writes no private key to the store unencrypted"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> pebble.orders() == ordersBefore);
    }

    @Test
    void an_unreachable_ca_backs_off_with_the_reason_and_the_other_resolver_still_gets_its_certificate()
            throws Exception {
        AcmeStorageSettings storage = AcmeFixture.storage("kvroute/acme-five/",
                Optional.of(AcmeFixture.keyFile(dir)), Duration.ofSeconds(5));
        AcmeResolverSettings unreachable = AcmeResolverSettings.http01("down",
                URI.create("https://127.0.0.1:" + Pebble.freePort() + "/dir"), "web", AcmeKeyType.EC256,
                List.of(pebble.tlsCertificate()));
        AcmeManager manager = manager(store(), storage, unreachable, AcmeFixture.resolver("le", pebble));
        listener.serve(manager.http01Handler(exchange -> exchange.setStatusCode(StatusCodes.NOT_FOUND)));

        manager.configure(io.kvroute.kv.model.HttpConfig.of(List.of(
                AcmeFixture.routerFor("down", "five-down.kvroute.test").routers().values().iterator().next(),
                AcmeFixture.routerFor("le", "five.kvroute.test").routers().values().iterator().next()),
                List.of(), List.of()));

        await().atMost(Duration.ofSeconds(30)).until(() -> state(manager, "down", "five-down.kvroute.test")
                .filter(state -> state.state() == RenewalState.BACKING_OFF).isPresent()
                && valid(manager, "le", "five.kvroute.test"));
        AcmeCertificateState down = state(manager, "down", "five-down.kvroute.test").orElseThrow();
        assertThat(down.lastError()).hasValueSatisfying(error -> assertThat(error).contains("unreachable"));
        assertThat(down.nextAttempt()).isPresent();
        assertThat(down.certificate()).isEmpty();
    }

    @Test
    void a_failed_validation_backs_off_every_proxy_of_the_store_with_the_reason() throws Exception {
        AcmeStorageSettings storage = new AcmeStorageSettings("kvroute/acme-six/",
                Optional.of(AcmeFixture.keyFile(dir)), Duration.ofSeconds(5),
                new Backoff(Duration.ofSeconds(60), Duration.ofSeconds(120)), Duration.ofMillis(100));
        AcmeManager first = manager(store(), storage, AcmeFixture.resolver("le", pebble));
        AcmeManager second = manager(store(), storage, AcmeFixture.resolver("le", pebble));
        listener.serve(exchange -> exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE));
        long ordersBefore = pebble.orders();

        first.configure(AcmeFixture.routerFor("le", "six.kvroute.test"));
        second.configure(AcmeFixture.routerFor("le", "six.kvroute.test"));

        await().atMost(Duration.ofSeconds(30)).until(() -> List.of(first, second).stream().allMatch(manager ->
                state(manager, "le", "six.kvroute.test").filter(state -> state.state() == RenewalState.BACKING_OFF)
                        .isPresent()));
        AcmeCertificateState seenByFirst = state(first, "le", "six.kvroute.test").orElseThrow();
        AcmeCertificateState seenBySecond = state(second, "le", "six.kvroute.test").orElseThrow();
        assertThat(seenByFirst.lastError()).hasValueSatisfying(error -> assertThat(error)
                .contains("the authorization of six.kvroute.test is INVALID"));
        assertThat(seenBySecond.lastError()).isEqualTo(seenByFirst.lastError());
        assertThat(seenBySecond.nextAttempt()).isEqualTo(seenByFirst.nextAttempt());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> pebble.orders() - ordersBefore == 1);
    }

    @Test
    void a_proxy_with_another_key_file_refuses_the_stored_certificate_and_never_replaces_it() throws Exception {
        AcmeStorageSettings storage = AcmeFixture.storage("kvroute/acme-seven/",
                Optional.of(AcmeFixture.keyFile(dir)), Duration.ofSeconds(5));
        Path otherKey = Files.writeString(dir.resolve("other.key"), "another secret of at least 32 bytes!");
        AcmeStorageSettings otherStorage = AcmeFixture.storage("kvroute/acme-seven/", Optional.of(otherKey),
                Duration.ofSeconds(5));
        KvStore store = store();
        AcmeManager issuer = manager(store, storage, AcmeFixture.resolver("le", pebble));
        listener.serve(issuer.http01Handler(exchange -> exchange.setStatusCode(StatusCodes.NOT_FOUND)));
        issuer.configure(AcmeFixture.routerFor("le", "seven.kvroute.test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> valid(issuer, "le", "seven.kvroute.test"));
        String stored = store.list("kvroute/acme-seven/le/certificates/").pairs().get(0).value();
        long ordersBefore = pebble.orders();

        AcmeManager other = manager(store(), otherStorage, AcmeFixture.resolver("le", pebble));
        other.configure(AcmeFixture.routerFor("le", "seven.kvroute.test"));

        await().atMost(Duration.ofSeconds(10)).until(() -> state(other, "le", "seven.kvroute.test")
                .filter(state -> state.state() == RenewalState.REFUSED).isPresent());
        AcmeCertificateState refused = state(other, "le", "seven.kvroute.test").orElseThrow();
        assertThat(refused.certificate()).isEmpty();
        assertThat(refused.lastError()).hasValueSatisfying(error -> assertThat(error).isEqualTo(
                "kvroute/acme-seven/le/certificates/seven.kvroute.test: the private key does not decrypt (written "
                        + "with another --acme.storage.keyFile, or changed in the store)"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> pebble.orders() == ordersBefore);
        assertThat(store.list("kvroute/acme-seven/le/certificates/").pairs().get(0).value()).isEqualTo(stored);
    }
}
