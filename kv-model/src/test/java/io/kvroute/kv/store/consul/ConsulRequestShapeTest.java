package io.kvroute.kv.store.consul;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import io.kvroute.kv.store.RecordingWatchListener;
import io.kvroute.kv.testing.consul.ConsulEmulator;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the adapter sends to Consul, checked in the emulator's WireMock request journal. */
class ConsulRequestShapeTest {
    private static final String TOKEN = "7c1f1c1e-acl-token";

    private ConsulEmulator consul;
    private ConsulKvStore store;

    @BeforeEach
    void start() {
        consul = ConsulEmulator.builder().aclToken(TOKEN).start();
        store = new ConsulKvStore(consul.settings());
    }

    @AfterEach
    void stop() {
        store.close();
        consul.close();
    }

    @Test
    void aLeaseIsASessionWithBehaviorDeleteTheTtlAndNoLockDelay() {
        Lease lease = store.grantLease(Duration.ofSeconds(15), LeaseListener.IGNORE);

        consul.wireMock().verify(1, putRequestedFor(urlEqualTo("/v1/session/create"))
                .withRequestBody(matchingJsonPath("$.Behavior", equalTo("delete")))
                .withRequestBody(matchingJsonPath("$.TTL", equalTo("15s")))
                .withRequestBody(matchingJsonPath("$.LockDelay", equalTo("0s")))
                .withRequestBody(matchingJsonPath("$.Name", matching("kvroute agent on .+ pid [0-9]+"))));
        assertThat(lease.ttl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(consul.sessionIds()).containsExactly(lease.id());
        lease.revoke();
    }

    @Test
    void aFractionalTtlIsRoundedUpToWholeSeconds() {
        Lease lease = store.grantLease(Duration.ofMillis(10_500), LeaseListener.IGNORE);

        consul.wireMock().verify(putRequestedFor(urlEqualTo("/v1/session/create"))
                .withRequestBody(matchingJsonPath("$.TTL", equalTo("11s"))));
        assertThat(lease.ttl()).isEqualTo(Duration.ofSeconds(11));
        lease.revoke();
    }

    @Test
    void aLeasedPutLocksTheKeyWithTheSessionInOneTransaction() {
        Lease lease = store.grantLease(Duration.ofSeconds(10), LeaseListener.IGNORE);

        store.commit(KvTransaction.builder()
                .put("traefik/http/services/web/loadBalancer/servers/h1/url", "http://10.0.0.1:80", lease)
                .put("traefik/http/routers/web/rule", "Host(`a`)")
                .build());

        String url = Base64.getEncoder().encodeToString("http://10.0.0.1:80".getBytes());
        consul.wireMock().verify(1, putRequestedFor(urlEqualTo("/v1/txn"))
                .withRequestBody(matchingJsonPath("$[0].kv.Verb", equalTo("delete")))
                .withRequestBody(matchingJsonPath("$[1].kv.Verb", equalTo("lock")))
                .withRequestBody(matchingJsonPath("$[1].kv.Session", equalTo(lease.id())))
                .withRequestBody(matchingJsonPath("$[1].kv.Value", equalTo(url)))
                .withRequestBody(matchingJsonPath("$[3].kv.Verb", equalTo("set"))));
        assertThat(consul.lockHolder("traefik/http/services/web/loadBalancer/servers/h1/url"))
                .contains(lease.id());
        assertThat(consul.lockHolder("traefik/http/routers/web/rule")).isEmpty();
        lease.revoke();
    }

    @Test
    void aPlainPutOverALeasedKeyDetachesItFromTheSession() {
        Lease lease = store.grantLease(Duration.ofSeconds(10), LeaseListener.IGNORE);
        store.commit(KvTransaction.builder().put("shared/rule", "old", lease).build());

        store.commit(KvTransaction.builder().put("shared/rule", "new").build());
        lease.revoke();

        assertThat(consul.lockHolder("shared/rule")).isEmpty();
        assertThat(store.list("shared/").pairs()).containsExactly(KvPair.of("shared/rule", "new"));
    }

    @Test
    void everyRequestCarriesTheTokenHeaderAndNeverATokenQueryParameter() {
        Lease lease = store.grantLease(Duration.ofSeconds(10), LeaseListener.IGNORE);
        long revision = store.commit(KvTransaction.builder().put("a/b", "1", lease).delete("a/c").build());
        store.list("a/");
        RecordingWatchListener listener = new RecordingWatchListener();
        KvWatch watch = store.watch("a/", revision, listener);
        store.commit(KvTransaction.builder().put("a/d", "2").build());
        await().atMost(Duration.ofSeconds(5)).until(() -> !listener.revisions().isEmpty());
        watch.close();
        lease.remainingSeconds();
        lease.revoke();

        assertThat(consul.wireMock().findAll(anyRequestedFor(anyUrl()))).hasSizeGreaterThanOrEqualTo(8);
        consul.wireMock().verify(0, anyRequestedFor(anyUrl()).withoutHeader("X-Consul-Token"));
        consul.wireMock().verify(0, anyRequestedFor(anyUrl()).withHeader("X-Consul-Token", matching("(?!"
                + TOKEN + "$).*")));
        consul.wireMock().verify(0, anyRequestedFor(urlMatching(".*[?&]token=.*")));
    }

    @Test
    void keysAreUrlEncodedAndListsAreRecursive() {
        store.list("traefik/http/");

        consul.wireMock().verify(1, getRequestedFor(urlPathEqualTo("/v1/kv/traefik%2Fhttp%2F"))
                .withQueryParam("recurse", equalTo("true")));
    }

    /** WireMock journals a request once answered: the change ends the blocking query. */
    @Test
    void aWatchIsABlockingQueryFromTheLastIndexWithATenSecondWait() {
        long revision = store.commit(KvTransaction.builder().put("w/a", "1").build());
        RecordingWatchListener listener = new RecordingWatchListener();
        KvWatch watch = store.watch("w/", revision, listener);

        long change = store.commit(KvTransaction.builder().put("w/b", "2").build());
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.revisions().contains(change));
        watch.close();

        consul.wireMock().verify(1, getRequestedFor(urlPathEqualTo("/v1/kv/w%2F"))
                .withQueryParam("recurse", equalTo("true"))
                .withQueryParam("index", equalTo(Long.toString(revision)))
                .withQueryParam("wait", equalTo("10s")));
        assertThat(listener.revisions()).containsExactly(change);
    }

    @Test
    void aWrongTokenIsUnauthorizedAndTheMessageSaysWhatConsulAnswered() {
        try (ConsulKvStore intruder = new ConsulKvStore(consul.settings().withToken("wrong"))) {
            assertThatThrownBy(() -> intruder.list("traefik/"))
                    .isInstanceOfSatisfying(KvStoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(KvStoreException.Kind.UNAUTHORIZED);
                        assertThat(e.getMessage()).isEqualTo("list \"traefik/\": consul http://" + consul.endpoint()
                                + " answered HTTP 403: ACL not found");
                    });
        }
        consul.wireMock().verify(getRequestedFor(anyUrl()).withHeader("X-Consul-Token", containing("wrong")));
        assertThat(Optional.of(store.describe())).contains("consul http://" + consul.endpoint());
        assertThat(store.provider()).isEqualTo("consul");
    }
}
