package io.kvroute.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.agent.registration.Registrations.SharedService;
import io.kvroute.kv.layout.keys.AgentStatusKeys;
import io.kvroute.kv.status.AgentProblem;
import io.kvroute.kv.status.AgentStatus;
import io.kvroute.kv.status.AgentStatusJson;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.consul.ConsulKvStore;
import io.kvroute.kv.testing.consul.ConsulEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registrar over Consul (a session with {@code Behavior=delete} as the lease), against kv-model's WireMock
 * emulation of Consul's documented HTTP API: registration, another agent's expiry and re-assertion, drain and stop,
 * the agent's status key on its session.
 */
class RegistrarConsulTest {
    private static final Duration TTL = Duration.ofSeconds(2);

    private final Registrations registrations = new Registrations("traefik/");
    private final List<Registrar> registrars = new ArrayList<>();
    private final List<ConsulKvStore> stores = new ArrayList<>();
    private ConsulEmulator consul;
    private ConsulKvStore checker;

    @BeforeEach
    void startConsul() {
        consul = ConsulEmulator.builder().sessionTtlMin(Duration.ofSeconds(1)).sessionTtlMultiplier(1).start();
        checker = new ConsulKvStore(consul.settings());
    }

    @AfterEach
    void stopAll() {
        registrars.forEach(Registrar::close);
        stores.forEach(ConsulKvStore::close);
        checker.close();
        consul.close();
    }

    private Registrar start(String node, DesiredState desired) {
        ConsulKvStore store = new ConsulKvStore(consul.settings());
        stores.add(store);
        LeaseTiming lease = new LeaseTiming(TTL, LeaseTiming.DEFAULT.reconcileInterval());
        Registrar registrar = new Registrar(store, RegistrarSettings.of(node, lease, registrations.root()),
                RegistrarListener.NONE);
        registrars.add(registrar);
        registrar.update(desired);
        registrar.start();
        return registrar;
    }

    /**
     * The session of {@code registrar}, once its status shows it: the status is published as its pass ends, just
     * after the keys the pass wrote can be read.
     */
    private static String sessionOf(Registrar registrar) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> registrar.status().leaseId(), Optional::isPresent)
                .orElseThrow();
    }

    private void awaitStored(List<KvPair> expected, Duration atMost) {
        await().atMost(atMost).ignoreExceptions().untilAsserted(() ->
                assertThat(checker.list(registrations.root()).pairs()).containsExactlyInAnyOrderElementsOf(expected));
    }

    @Test
    void twoAgentsServeOneServiceAndTheSurvivorKeepsTheRouterWhenTheOtherSessionExpires() {
        SharedService app = registrations.sharedService();
        Registrar node1 = start("node1", app.ofNode1());
        start("node2", app.ofNode2());
        awaitStored(Registrations.pairsOf(app.ofBoth()), Duration.ofSeconds(5));

        node1.close();

        awaitStored(Registrations.pairsOf(app.ofNode2()), TTL.multipliedBy(2).plusSeconds(3));
    }

    @Test
    void aDrainingAgentsSharedKeysMoveToTheOtherAgentsSessionDuringItsGracePeriod() {
        SharedService app = registrations.sharedService();
        Registrar node1 = start("node1", app.ofNode1());
        awaitStored(Registrations.pairsOf(app.ofNode1()), Duration.ofSeconds(5));
        Registrar node2 = start("node2", app.ofNode2());
        awaitStored(Registrations.pairsOf(app.ofBoth()), Duration.ofSeconds(5));
        assertThat(consul.lockHolder(app.router().get(0).key())).as("the first agent's session holds the router")
                .contains(sessionOf(node1));
        String session2 = sessionOf(node2);
        Thread stopper = new Thread(() -> node1.drainAndStop(Duration.ofSeconds(2), app.node1Drained()));

        stopper.start();

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(stopper.isAlive()).as("node1 still in its grace period").isTrue();
            for (KvPair shared : app.router()) {
                assertThat(consul.lockHolder(shared.key())).contains(session2);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> !stopper.isAlive());
        assertThat(checker.list(registrations.root()).pairs())
                .containsExactlyInAnyOrderElementsOf(Registrations.pairsOf(app.ofNode2()));
    }

    @Test
    void drainAndStopDeletesTheKeysAndDestroysTheSession() {
        List<KvPair> router = registrations.router("app", "Host(`app.example.com`)");
        DesiredState desired = new DesiredState(
                List.of(registrations.server("node1", "app", "web", "http://127.0.0.1:8081", 1)), router);
        DesiredState drained = new DesiredState(
                List.of(registrations.server("node1", "app", "web", "http://127.0.0.1:8081", 0)), router);
        Registrar registrar = start("node1", desired);
        awaitStored(Registrations.pairsOf(desired), Duration.ofSeconds(5));

        registrar.drainAndStop(Duration.ofMillis(300), drained);

        assertThat(checker.list(registrations.root()).pairs()).isEmpty();
        assertThat(checker.list(AgentStatusKeys.PREFIX).pairs()).as("the status key").isEmpty();
        assertThat(consul.sessionIds()).isEmpty();
    }

    @Test
    void theStatusKeyIsHeldByTheSessionSaysTheProblemsAndGoesWithTheSession() {
        DesiredState desired = new DesiredState(
                List.of(registrations.server("node1", "app", "web", "http://127.0.0.1:8081", 1)),
                registrations.router("app", "Host(`app.example.com`)"));
        Registrar registrar = start("node1", desired);
        String key = AgentStatusKeys.key("node1");
        await().atMost(Duration.ofSeconds(5)).until(() -> status(key).isPresent());
        AgentStatus status = status(key).orElseThrow();
        String session = sessionOf(registrar);
        assertThat(consul.lockHolder(key)).as("the agent's session holds its status key").contains(session);
        assertThat(status.leaseId()).isEqualTo(session);
        assertThat(status.leaseTtlSeconds()).isEqualTo(TTL.toSeconds());
        assertThat(status.keys()).isEqualTo(Registrations.pairsOf(desired).size());
        assertThat(status.problems()).isEmpty();

        AgentProblem broken = new AgentProblem("/etc/kvroute/services.yml:5", "services[0].servers[0].url: \"ftp://x\""
                + " (expected: an absolute http or https URL)");
        registrar.report(List.of(broken));
        await().atMost(Duration.ofSeconds(5)).until(() -> status(key).map(AgentStatus::problems)
                .filter(List.of(broken)::equals).isPresent());

        registrar.close();
        await().atMost(TTL.multipliedBy(2).plusSeconds(3)).until(() -> status(key).isEmpty());
    }

    private Optional<AgentStatus> status(String key) {
        return checker.list(key).pairs().stream().filter(pair -> pair.key().equals(key)).findFirst()
                .map(pair -> AgentStatusJson.read(pair.value()));
    }
}
