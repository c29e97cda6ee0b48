package io.kvroute.proxy.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.consul.ConsulEmulator;
import io.undertow.util.StatusCodes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order lock on a Consul session (the Consul emulation of kv-model's test-jar, sessions expiring at twice their
 * TTL): two proxies order once; a holder dying mid-order is replaced once its session expires.
 */
class AcmeConsulPebbleIT {
    @TempDir
    static Path dir;

    private static Pebble pebble;
    private static AcmeFixture.ChallengeListener listener;
    private static ConsulEmulator consul;
    private static final String LOCK = "kvroute/acme-consul-three/le/locks/consul-three.kvroute.test";

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pebble = Pebble.start(dir, Optional.empty());
        listener = new AcmeFixture.ChallengeListener(pebble.httpPort());
        consul = ConsulEmulator.builder().sessionTtlMin(Duration.ofSeconds(1)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (consul != null) {
            consul.close();
        }
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

    private <T extends AutoCloseable> T opened(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private AcmeManager manager(KvStore store, AcmeStorageSettings storage) {
        return AcmeManager.start(store, List.of(AcmeFixture.resolver("le", pebble)), storage, Clock.systemUTC());
    }

    private static boolean valid(AcmeManager manager, String host) {
        return manager.snapshot().state("le", new CertificateDomains(List.of(host)))
                .filter(state -> state.state() == RenewalState.VALID).isPresent();
    }

    @Test
    void two_proxies_on_one_consul_order_a_certificate_once() throws Exception {
        AcmeStorageSettings storage = AcmeFixture.storage("kvroute/acme-consul-two/",
                Optional.of(AcmeFixture.keyFile(dir)), Duration.ofSeconds(1));
        AcmeManager first = opened(manager(opened(KvStores.open(consul.settings())), storage));
        AcmeManager second = opened(manager(opened(KvStores.open(consul.settings())), storage));
        listener.serve(first.http01Handler(exchange -> exchange.setStatusCode(StatusCodes.NOT_FOUND)));
        long ordersBefore = pebble.orders();

        first.configure(AcmeFixture.routerFor("le", "consul-two.kvroute.test"));
        second.configure(AcmeFixture.routerFor("le", "consul-two.kvroute.test"));

        await().atMost(Duration.ofSeconds(30)).until(() -> valid(first, "consul-two.kvroute.test")
                && valid(second, "consul-two.kvroute.test"));
        assertThat(pebble.orders() - ordersBefore).isEqualTo(1);
    }

    @Test
    void a_holder_dying_mid_order_is_replaced_once_its_session_expires() throws Exception {
        AcmeStorageSettings storage = AcmeFixture.storage("kvroute/acme-consul-three/",
                Optional.of(AcmeFixture.keyFile(dir)), Duration.ofSeconds(2));
        CountDownLatch validating = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        listener.serve(AcmeFixture.validationHeld(validating, released));
        KvStore holderStore = KvStores.open(consul.settings());
        AcmeManager holder = opened(manager(holderStore, storage));
        holder.configure(AcmeFixture.routerFor("le", "consul-three.kvroute.test"));
        assertThat(validating.await(30, TimeUnit.SECONDS)).as("the CA validates the holder's order").isTrue();
        KvStore successorStore = opened(KvStores.open(consul.settings()));
        AcmeManager successor = opened(manager(successorStore, storage));
        successor.configure(AcmeFixture.routerFor("le", "consul-three.kvroute.test"));
        await().atMost(Duration.ofSeconds(10)).until(() -> successor.snapshot()
                .state("le", new CertificateDomains(List.of("consul-three.kvroute.test")))
                .filter(state -> state.state() == RenewalState.ORDERING_ELSEWHERE).isPresent());

        // The holder dies: its store client stops (no more session renewals), nothing is released or revoked.
        holderStore.close();
        assertThat(successorStore.list(LOCK).pairs()).as("the dead holder's lock, until its session expires")
                .isNotEmpty();
        listener.serve(successor.http01Handler(exchange -> exchange.setStatusCode(StatusCodes.NOT_FOUND)));
        released.countDown();

        await().atMost(Duration.ofSeconds(30)).until(() -> valid(successor, "consul-three.kvroute.test"));
    }
}
