package io.kvroute.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.agent.registration.RecordingRegistrarListener.Corrected;
import io.kvroute.agent.registration.RegistrarListener.Correction;
import io.kvroute.agent.registration.RegistrarStatus.LeaseState;
import io.kvroute.agent.registration.RegistrarStatus.Phase;
import io.kvroute.agent.registration.Registrations.SharedService;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Liveness against a real etcd: lease expiry of another agent, etcd restarts and outages, drain. */
class RegistrarEtcdIT {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private final List<Registrar> registrars = new ArrayList<>();
    private final List<KvStore> stores = new ArrayList<>();
    private Registrations registrations;
    private EtcdKeys keys;

    @BeforeEach
    void prepare() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        registrations = new Registrations("kvroute-registrar-" + run + "/traefik/");
        keys = new EtcdKeys(etcd.endpoint());
    }

    @AfterEach
    void closeAll() {
        registrars.forEach(Registrar::close);
        stores.forEach(KvStore::close);
        keys.close();
    }

    /** A registrar on its own client, like an agent on its own host. */
    private Registrar start(String node, Duration ttl, DesiredState desired, RegistrarListener listener) {
        KvStore store = KvStores.openForAgent(etcd.settings().withRequestTimeout(REQUEST_TIMEOUT));
        stores.add(store);
        LeaseTiming lease = new LeaseTiming(ttl, LeaseTiming.DEFAULT.reconcileInterval());
        Registrar registrar = new Registrar(store, RegistrarSettings.of(node, lease, registrations.root()), listener);
        registrars.add(registrar);
        registrar.update(desired);
        registrar.start();
        return registrar;
    }

    private List<KvPair> stored() throws Exception {
        return keys.pairs(registrations.root());
    }

    private void awaitStored(List<KvPair> expected, Duration atMost) {
        await().atMost(atMost).ignoreExceptions()
                .untilAsserted(() -> assertThat(stored()).containsExactlyElementsOf(expected));
    }

    /** Reconnects the checking client at once after an etcd restart (jetcd would back off). */
    private void reconnectChecker() {
        keys.close();
        keys = new EtcdKeys(etcd.endpoint());
    }

    /**
     * Starts node1, then node2, of a service both serve; returns them as node2, node1 once every key is stored: the
     * shared keys are bound to node1's lease (the first agent to put them; node2 finds them in sync and leaves them).
     */
    private List<Registrar> startNode1ThenNode2(SharedService app, RegistrarListener node2Listener) throws Exception {
        Registrar node1 = start("node1", TTL, app.ofNode1(), RegistrarListener.NONE);
        awaitStored(Registrations.pairsOf(app.ofNode1()), Duration.ofSeconds(5));
        Registrar node2 = start("node2", TTL, app.ofNode2(), node2Listener);
        awaitStored(Registrations.pairsOf(app.ofBoth()), Duration.ofSeconds(5));
        assertThat(keys.entries(registrations.root()).get(app.router().get(0).key()).lease()).isEqualTo(leaseOf(node1));
        return List.of(node2, node1);
    }

    /** The lease of {@code registrar}, once its status shows it (published as its pass ends, after its writes). */
    private static long leaseOf(Registrar registrar) {
        return Long.parseUnsignedLong(await().atMost(Duration.ofSeconds(5))
                .until(() -> registrar.status().leaseId(), Optional::isPresent).orElseThrow(), 16);
    }

    @Test
    void whenOneAgentDiesTheOtherReassertsTheSharedKeysItsLeaseTookAlong() throws Exception {
        SharedService app = registrations.sharedService();
        List<KvPair> router = app.router();
        ServerRegistration web1 = app.web1();
        DesiredState ofNode2 = app.ofNode2();
        RecordingRegistrarListener node2Listener = new RecordingRegistrarListener();
        Registrar node1 = startNode1ThenNode2(app, node2Listener).get(1);
        node2Listener.corrections.clear();

        node1.close();

        await().atMost(TTL.plusSeconds(3)).ignoreExceptions()
                .until(() -> !keys.entries(registrations.root()).containsKey(web1.keyPrefix() + "url"));
        long expiredAt = System.nanoTime();
        awaitStored(Registrations.pairsOf(ofNode2), Duration.ofMillis(1500));
        System.out.printf("node2 re-asserted the shared keys %d ms after node1's lease expired%n",
                (System.nanoTime() - expiredAt) / 1_000_000);
        assertThat(node2Listener.corrections).containsExactlyInAnyOrder(
                new Corrected(router.get(0).key(), Correction.PUT_MISSING),
                new Corrected(router.get(1).key(), Correction.PUT_MISSING));
    }

    @Test
    void aDrainingAgentsSharedKeysAreTakenOverBeforeItRevokesItsLeaseSoTheyNeverVanish() throws Exception {
        SharedService app = registrations.sharedService();
        List<Registrar> nodes = startNode1ThenNode2(app, RegistrarListener.NONE);
        Registrar node2 = nodes.get(0);
        long from = keys.revision();

        nodes.get(1).drainAndStop(Duration.ofMillis(500), app.node1Drained());

        awaitStored(Registrations.pairsOf(app.ofNode2()), Duration.ofSeconds(2));
        long to = keys.revision();
        for (KvPair shared : app.router()) {
            assertThat(keys.revisionsWithout(shared.key(), from, to)).as("revisions %d..%d without %s", from, to,
                    shared.key()).isEmpty();
            assertThat(keys.entries(registrations.root()).get(shared.key()).lease()).isEqualTo(leaseOf(node2));
        }
    }

    @Test
    void whenOneAgentStopsServingAServiceAnotherStillServesTheRouterStaysAndMovesToTheOthersLease() throws Exception {
        SharedService app = registrations.sharedService();
        List<Registrar> nodes = startNode1ThenNode2(app, RegistrarListener.NONE);
        long from = keys.revision();

        nodes.get(1).update(DesiredState.empty());

        awaitStored(Registrations.pairsOf(app.ofNode2()), Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> assertThat(
                keys.entries(registrations.root()).get(app.router().get(0).key()).lease())
                .isEqualTo(leaseOf(nodes.get(0))));
        long to = keys.revision();
        for (KvPair shared : app.router()) {
            assertThat(keys.revisionsWithout(shared.key(), from, to)).as("revisions %d..%d without %s", from, to,
                    shared.key()).isEmpty();
        }
    }

    @Test
    void anEtcdRestartWithinTheTtlLosesAndRewritesNothing() throws Exception {
        Duration ttl = Duration.ofSeconds(3);
        DesiredState desired = new DesiredState(
                List.of(registrations.server("node1", "app", "web", "http://127.0.0.1:8081", 1)),
                registrations.router("app", "Host(`app.example.com`)"));
        start("node1", ttl, desired, RegistrarListener.NONE);
        awaitStored(Registrations.pairsOf(desired), Duration.ofSeconds(5));
        Map<String, EtcdKeys.Entry> before = keys.entries(registrations.root());

        etcd.stopFor(Duration.ofMillis(500));
        reconnectChecker();

        await().pollDelay(ttl.plusSeconds(1)).atMost(ttl.plusSeconds(4)).ignoreExceptions()
                .untilAsserted(() -> assertThat(keys.entries(registrations.root())).isEqualTo(before));
    }

    @Test
    void afterAnEtcdStopLongerThanTheTtlEverythingIsBackWithinTwoSeconds() throws Exception {
        DesiredState desired = twoServersAndARouter();
        RecordingRegistrarListener listener = new RecordingRegistrarListener();
        Registrar registrar = start("node1", TTL, desired, listener);
        awaitStored(Registrations.pairsOf(desired), Duration.ofSeconds(5));

        etcd.stopFor(TTL.multipliedBy(2).plusSeconds(1));
        long returnedAt = System.nanoTime();
        reconnectChecker();

        awaitBackAndKeptAlive(registrar, desired, returnedAt, listener, "stopped");
    }

    @Test
    void afterEtcdWasFrozenLongerThanTheTtlEverythingIsBackWithinTwoSeconds() throws Exception {
        DesiredState desired = twoServersAndARouter();
        RecordingRegistrarListener listener = new RecordingRegistrarListener();
        Registrar registrar = start("node1", TTL, desired, listener);
        awaitStored(Registrations.pairsOf(desired), Duration.ofSeconds(5));

        etcd.pauseFor(TTL.multipliedBy(2).plusSeconds(1));
        long returnedAt = System.nanoTime();

        awaitBackAndKeptAlive(registrar, desired, returnedAt, listener, "frozen");
    }

    private DesiredState twoServersAndARouter() {
        return new DesiredState(
                List.of(registrations.server("node1", "app", "web-1", "http://127.0.0.1:8081", 1),
                        registrations.server("node1", "app", "web-2", "http://127.0.0.1:8082", 1)),
                registrations.router("app", "Host(`app.example.com`)"));
    }

    /**
     * Within 2 s of etcd's return every desired key is present, bound to the registrar's current lease, which etcd
     * says is alive; one TTL later that still holds (so the keys are not leftovers of a lease about to expire).
     */
    private void awaitBackAndKeptAlive(Registrar registrar, DesiredState desired, long returnedAt,
            RecordingRegistrarListener listener, String outage) {
        await().atMost(Duration.ofSeconds(2)).ignoreExceptions()
                .untilAsserted(() -> assertAliveOnCurrentLease(registrar, desired));
        System.out.printf("etcd %s for %s: all %d keys present on a live lease %d ms after it returned "
                + "(leases granted %d, lost %d)%n", outage, TTL.multipliedBy(2).plusSeconds(1),
                Registrations.pairsOf(desired).size(), (System.nanoTime() - returnedAt) / 1_000_000,
                listener.grantedLeases.size(), listener.lostLeases.size());
        await().pollDelay(TTL.plusSeconds(1)).atMost(TTL.plusSeconds(4)).ignoreExceptions()
                .untilAsserted(() -> assertAliveOnCurrentLease(registrar, desired));
    }

    private void assertAliveOnCurrentLease(Registrar registrar, DesiredState desired) throws Exception {
        assertThat(stored()).containsExactlyElementsOf(Registrations.pairsOf(desired));
        assertThat(keys.entries(registrations.root()).values())
                .allSatisfy(entry -> assertThat(entry.lease()).isEqualTo(leaseOf(registrar)));
        assertThat(keys.timeToLive(registrar.status().leaseId().orElseThrow())).isPositive();
    }

    @Test
    void drainAndStopShowsTheDrainedStateDuringTheGraceThenRemovesEverythingAtOnce() throws Exception {
        List<KvPair> router = registrations.router("app", "Host(`app.example.com`)");
        DesiredState desired = new DesiredState(
                List.of(registrations.server("node1", "app", "web", "http://127.0.0.1:8081", 1)), router);
        DesiredState drained = new DesiredState(
                List.of(registrations.server("node1", "app", "web", "http://127.0.0.1:8081", 0)), router);
        Registrar registrar = start("node1", Duration.ofSeconds(10), desired, RegistrarListener.NONE);
        awaitStored(Registrations.pairsOf(desired), Duration.ofSeconds(5));
        // The status is published after the commit whose keys are already visible.
        String leaseId = await().atMost(Duration.ofSeconds(5))
                .until(() -> registrar.status().leaseId(), Optional::isPresent).orElseThrow();
        Thread stopper = new Thread(() -> registrar.drainAndStop(Duration.ofMillis(1500), drained));

        stopper.start();
        awaitStored(Registrations.pairsOf(drained), Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(1)).until(() -> registrar.status().phase() == Phase.DRAINING);
        await().atMost(Duration.ofSeconds(5)).until(() -> !stopper.isAlive());

        assertThat(stored()).isEmpty();
        assertThat(keys.timeToLive(leaseId)).isEqualTo(-1);
        assertThat(registrar.status().leaseState()).isEqualTo(LeaseState.REVOKED);
    }
}
