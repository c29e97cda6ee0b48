package io.kvroute.kv.store.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.RecordingWatchListener;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.testing.consul.ConsulEmulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the adapter reports and rides out Consul failures: 500s, slow answers, nobody listening. */
class ConsulFailureTest {
    private ConsulEmulator consul;

    @BeforeEach
    void start() {
        consul = ConsulEmulator.start();
    }

    @AfterEach
    void stop() {
        consul.close();
    }

    @Test
    void a500IsUnavailableAndNamesTheCallAndConsulsAnswer() {
        try (ConsulKvStore store = new ConsulKvStore(consul.settings())) {
            consul.failNextRequests(1);

            assertThatThrownBy(() -> store.list("traefik/"))
                    .isInstanceOfSatisfying(KvStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.getMessage()).isEqualTo("list \"traefik/\": consul http://" + consul.endpoint()
                                + " answered HTTP 500: rpc error making call: injected by the Consul emulator");
                    });
            assertThat(store.list("traefik/").pairs()).isEmpty();
        }
    }

    @Test
    void aWatchRetriesThrough500sAndKeepsSignalling() {
        try (ConsulKvStore store = new ConsulKvStore(consul.settings())) {
            long revision = store.list("w/").revision();
            RecordingWatchListener listener = new RecordingWatchListener();
            consul.failNextRequests(3);

            KvWatch watch = store.watch("w/", revision, listener);
            await().atMost(Duration.ofSeconds(5)).until(() -> answered500s() == 3);
            long change = store.commit(KvTransaction.builder().put("w/a", "1").build());

            await().atMost(Duration.ofSeconds(5)).until(() -> listener.revisions().contains(change));
            watch.close();
            assertThat(listener.ended()).isEmpty();
        }
    }

    @Test
    void aWatchEndsUnavailableOnceItsRetriesAreSpent() {
        try (ConsulKvStore store = new ConsulKvStore(consul.settings())) {
            long revision = store.list("w/").revision();
            RecordingWatchListener listener = new RecordingWatchListener();
            consul.failNextRequests(1_000);

            KvWatch watch = store.watch("w/", revision, listener);

            await().atMost(Duration.ofSeconds(10)).until(() -> listener.ended().isPresent());
            watch.close();
            assertThat(listener.ended().orElseThrow().kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(listener.endCount()).isEqualTo(1);
            assertThat(listener.revisions()).isEmpty();
            assertThat(answered500s()).isEqualTo(1 + 1 + ConsulPrefixWatch.RETRIES);
        }
    }

    @Test
    void aSlowAnswerIsATimeoutWithinTheRequestTimeout() {
        StoreSettings impatient = consul.settings().withRequestTimeout(Duration.ofMillis(500));
        try (ConsulKvStore store = new ConsulKvStore(impatient)) {
            consul.delayAnswers(Duration.ofSeconds(5));
            long started = System.nanoTime();

            assertThatThrownBy(() -> store.commit(KvTransaction.builder().put("slow", "1").build()))
                    .isInstanceOfSatisfying(KvStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                        assertThat(e.getMessage()).isEqualTo("commit (1 operations): consul http://"
                                + consul.endpoint() + " did not answer within 500 ms (the request timeout)");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
        }
    }

    @Test
    void nobodyListeningIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ConsulKvStore store = new ConsulKvStore(StoreSettings.consul("127.0.0.1:" + closedPort))) {
            assertThatThrownBy(() -> store.list("traefik/"))
                    .isInstanceOfSatisfying(KvStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).startsWith("list \"traefik/\": consul http://127.0.0.1:"
                                + closedPort + " is unreachable (ConnectException: ");
                    });
        }
    }

    @Test
    void aClosedStoreRefusesCallsAsCancelled() {
        ConsulKvStore store = new ConsulKvStore(consul.settings());
        store.close();

        assertThatThrownBy(() -> store.list("traefik/"))
                .isInstanceOfSatisfying(KvStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
                    assertThat(e.getMessage()).isEqualTo("consul http://" + consul.endpoint()
                            + ": the store is closed");
                });
    }

    @Test
    void aBadEndpointIsInvalidAndSaysWhatIsExpected() {
        assertThatThrownBy(() -> new ConsulKvStore(StoreSettings.consul("127.0.0.1:notaport")))
                .isInstanceOfSatisfying(KvStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID);
                    assertThat(e.getMessage()).isEqualTo(
                            "consul.endpoint: \"127.0.0.1:notaport\" (expected: host:port, e.g. 127.0.0.1:8500)");
                });
    }

    @Test
    void aTransactionBeyondConsulsLimitIsInvalidAndNotSent() {
        KvTransaction.Builder big = KvTransaction.builder();
        for (int i = 0; i < 33; i++) {
            big.put("big/" + i, "v");
        }
        try (ConsulKvStore store = new ConsulKvStore(consul.settings())) {
            assertThatThrownBy(() -> store.commit(big.build()))
                    .isInstanceOfSatisfying(KvStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.INVALID);
                        assertThat(e.getMessage()).isEqualTo("transaction: 33 operations need 66 Consul operations"
                                + " (expected: at most 64 per /v1/txn; a put counts twice); split it");
                    });
            assertThat(store.list("big/").pairs()).isEmpty();
        }
    }

    private long answered500s() {
        return consul.wireMock().getAllServeEvents().stream()
                .map(ServeEvent::getResponse)
                .filter(response -> response != null && response.getStatus() == 500)
                .count();
    }
}
