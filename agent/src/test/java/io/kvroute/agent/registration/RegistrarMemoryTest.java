package io.kvroute.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kvroute.agent.registration.RecordingRegistrarListener.Corrected;
import io.kvroute.agent.registration.RegistrarListener.Correction;
import io.kvroute.agent.registration.RegistrarStatus.LeaseState;
import io.kvroute.agent.registration.RegistrarStatus.Phase;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.memory.MemoryKvStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registrar against the in-process store: registration, diffs, conflicts, lease loss, drain, rejections. */
class RegistrarMemoryTest {
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration QUICK = Duration.ofSeconds(3);

    private final Registrations registrations = new Registrations("traefik/");
    private final MemoryKvStore memory = new MemoryKvStore();
    private final InterceptingKvStore store = new InterceptingKvStore(memory);
    private final List<Registrar> registrars = new ArrayList<>();

    private final ServerRegistration web1 = registrations.server("node1", "app", "web-1", "http://10.0.0.1:8080", 1);
    private final ServerRegistration web2 = registrations.server("node1", "app", "web-2", "http://10.0.0.1:8081", 1);
    private final List<KvPair> appRouter = registrations.router("app", "Host(`app.example.com`)");

    @AfterEach
    void closeAll() {
        registrars.forEach(Registrar::close);
        store.close();
    }

    private Registrar start(String node, DesiredState desired, RecordingRegistrarListener listener) {
        LeaseTiming lease = new LeaseTiming(TTL, LeaseTiming.DEFAULT.reconcileInterval());
        Registrar registrar = new Registrar(store, RegistrarSettings.of(node, lease, "traefik/"), listener);
        registrars.add(registrar);
        registrar.update(desired);
        registrar.start();
        return registrar;
    }

    /** What the store holds, read past the intercepting store (its list count is the registrar's alone). */
    private List<KvPair> stored() {
        return memory.list("traefik/").pairs();
    }

    private void awaitStored(List<KvPair> expected) {
        awaitStored(expected, QUICK);
    }

    private void awaitStored(List<KvPair> expected, Duration atMost) {
        await().atMost(atMost).untilAsserted(() -> assertThat(stored()).containsExactlyElementsOf(expected));
    }

    private static DesiredState state(List<ServerRegistration> servers, List<KvPair> shared) {
        return new DesiredState(servers, shared);
    }

    @Test
    void registersOwnedAndSharedKeysOnItsLease() {
        DesiredState desired = state(List.of(web1, web2), appRouter);
        Registrar registrar = start("node1", desired, new RecordingRegistrarListener());

        awaitStored(Registrations.pairsOf(desired));
        await().atMost(QUICK).untilAsserted(() -> {
            RegistrarStatus status = registrar.status();
            assertThat(status.phase()).isEqualTo(Phase.RUNNING);
            assertThat(status.storeConnected()).isTrue();
            assertThat(status.leaseState()).isEqualTo(LeaseState.ACTIVE);
            assertThat(status.leaseId()).contains(store.latestLease().id());
            assertThat(status.serverKeys()).isEqualTo(4);
            assertThat(status.sharedKeys()).isEqualTo(2);
            assertThat(status.lastReconcile()).hasValueSatisfying(outcome -> assertThat(outcome.succeeded()).isTrue());
        });
    }

    @Test
    void removingAServerDeletesExactlyItsKeys() {
        RecordingRegistrarListener listener = new RecordingRegistrarListener();
        Registrar registrar = start("node1", state(List.of(web1, web2), appRouter), listener);
        awaitStored(Registrations.pairsOf(state(List.of(web1, web2), appRouter)));
        listener.corrections.clear();

        registrar.update(state(List.of(web1), appRouter));

        awaitStored(Registrations.pairsOf(state(List.of(web1), appRouter)));
        assertThat(listener.corrections).containsExactlyInAnyOrder(
                new Corrected(web2.keyPrefix() + "url", Correction.DELETE_EXTRA),
                new Corrected(web2.keyPrefix() + "weight", Correction.DELETE_EXTRA));
    }

    @Test
    void aChangedWeightRewritesThatServerOnly() {
        RecordingRegistrarListener listener = new RecordingRegistrarListener();
        Registrar registrar = start("node1", state(List.of(web1, web2), appRouter), listener);
        awaitStored(Registrations.pairsOf(state(List.of(web1, web2), appRouter)));
        listener.corrections.clear();
        ServerRegistration heavierWeb2 = registrations.server("node1", "app", "web-2", "http://10.0.0.1:8081", 5);

        registrar.update(state(List.of(web1, heavierWeb2), appRouter));

        awaitStored(Registrations.pairsOf(state(List.of(web1, heavierWeb2), appRouter)));
        assertThat(listener.corrections)
                .containsExactly(new Corrected(web2.keyPrefix() + "weight", Correction.PUT_CHANGED));
    }

    @Test
    void staleKeysOfAnEarlierRunOfTheSameNodeAreRemovedAtStartOtherNodesKeysStay() {
        ServerRegistration oldWeb = registrations.server("node1", "app", "web-old", "http://10.0.0.1:9000", 1);
        ServerRegistration otherNode = registrations.server("node2", "app", "web-1", "http://10.0.0.2:8080", 1);
        KvPair foreign = KvPair.of("traefik/http/services/app/loadBalancer/servers/0/url", "http://10.0.0.9:80");
        KvTransaction.Builder earlier = KvTransaction.builder();
        for (KvPair pair : Registrations.pairsOf(state(List.of(oldWeb, otherNode), List.of()))) {
            earlier.put(pair.key(), pair.value());
        }
        store.commit(earlier.put(foreign.key(), foreign.value()).build());

        start("node1", state(List.of(web1), appRouter), new RecordingRegistrarListener());

        List<KvPair> expected = new ArrayList<>(Registrations.pairsOf(state(List.of(web1, otherNode), appRouter)));
        expected.add(foreign);
        expected.sort(null);
        awaitStored(expected);
    }

    @Test
    void aConflictingSharedValueIsReportedAndNotOverwritten() {
        start("node2", state(List.of(), appRouter), new RecordingRegistrarListener());
        awaitStored(appRouter);
        List<KvPair> otherRule = registrations.router("app", "Host(`other.example.com`)");
        RecordingRegistrarListener listener = new RecordingRegistrarListener();

        Registrar node1 = start("node1", state(List.of(web1), otherRule), listener);

        SharedKeyConflict expected = new SharedKeyConflict(appRouter.get(0).key(), otherRule.get(0).value(),
                appRouter.get(0).value());
        await().atMost(QUICK).untilAsserted(() -> assertThat(node1.status().conflicts()).containsExactly(expected));
        assertThat(listener.conflicts).containsExactly(expected);
        assertThat(stored()).contains(appRouter.get(0), web1.pairs().get(0));
    }

    @Test
    void aSharedValueThisNodeWroteIsOverwrittenWhenItsDesireChanges() {
        Registrar registrar = start("node1", state(List.of(web1), appRouter), new RecordingRegistrarListener());
        awaitStored(Registrations.pairsOf(state(List.of(web1), appRouter)));
        List<KvPair> newRule = registrations.router("app", "Host(`new.example.com`)");

        registrar.update(state(List.of(web1), newRule));

        awaitStored(Registrations.pairsOf(state(List.of(web1), newRule)));
        assertThat(registrar.status().conflicts()).isEmpty();
    }

    @Test
    void aSharedKeyDeletedByAnotherAgentIsReassertedWithinASecond() {
        RecordingRegistrarListener listener = new RecordingRegistrarListener();
        DesiredState desired = state(List.of(web1), appRouter);
        start("node1", desired, listener);
        awaitStored(Registrations.pairsOf(desired));

        store.commit(KvTransaction.builder().delete(appRouter.get(0).key()).build());

        awaitStored(Registrations.pairsOf(desired), Duration.ofSeconds(1));
        assertThat(listener.correctionsOf(appRouter.get(0).key()))
                .containsExactly(new Corrected(appRouter.get(0).key(), Correction.PUT_MISSING),
                        new Corrected(appRouter.get(0).key(), Correction.PUT_MISSING));
    }

    @Test
    void anOwnKeyDeletedBySomeoneElseIsPutBackFromTheWatchWithoutListingTheStore() {
        RecordingRegistrarListener listener = new RecordingRegistrarListener();
        DesiredState desired = state(List.of(web1), appRouter);
        start("node1", desired, listener);
        awaitStored(Registrations.pairsOf(desired));
        int listsAtStart = store.lists();

        store.commit(KvTransaction.builder().delete(web1.keyPrefix() + "weight").build());

        awaitStored(Registrations.pairsOf(desired), Duration.ofSeconds(1));
        assertThat(listener.correctionsOf(web1.keyPrefix() + "weight"))
                .endsWith(new Corrected(web1.keyPrefix() + "weight", Correction.PUT_MISSING));
        assertThat(store.lists()).as("the registrar's lists").isEqualTo(listsAtStart).isEqualTo(1);
    }

    @Test
    void aSharedKeyAnotherAgentChangesLaterIsReportedAsAConflictAndNotOverwritten() {
        RecordingRegistrarListener listener = new RecordingRegistrarListener();
        DesiredState desired = state(List.of(web1), appRouter);
        Registrar node1 = start("node1", desired, listener);
        awaitStored(Registrations.pairsOf(desired));
        KvPair otherRule = registrations.router("app", "Host(`other.example.com`)").get(0);

        store.commit(KvTransaction.builder().put(otherRule.key(), otherRule.value()).build());

        SharedKeyConflict expected = new SharedKeyConflict(otherRule.key(), appRouter.get(0).value(),
                otherRule.value());
        await().atMost(QUICK).untilAsserted(() -> assertThat(node1.status().conflicts()).containsExactly(expected));
        assertThat(listener.conflicts).containsExactly(expected);
        assertThat(stored()).contains(otherRule);
    }

    @Test
    void changesToAServiceThisNodeDoesNotServeAreNotWatched() {
        DesiredState desired = state(List.of(web1), appRouter);
        Registrar node1 = start("node1", desired, new RecordingRegistrarListener());
        awaitStored(Registrations.pairsOf(desired));
        ServerRegistration other = registrations.server("node2", "other", "web", "http://10.0.0.2:8080", 1);
        KvTransaction.Builder write = KvTransaction.builder();
        other.pairs().forEach(pair -> write.put(pair.key(), pair.value()));

        store.commit(write.build());

        assertThat(store.lists()).isEqualTo(1);
        assertThat(node1.status().serverKeys()).isEqualTo(2);
        assertThat(store.watchedPrefixes()).containsExactlyInAnyOrder("traefik/http/services/app/",
                "traefik/http/routers/app/");
    }

    @Test
    void aLostLeaseIsReplacedAndEverythingRewrittenOnceTheStoreAnswers() {
        RecordingRegistrarListener listener = new RecordingRegistrarListener();
        DesiredState desired = state(List.of(web1, web2), appRouter);
        Registrar registrar = start("node1", desired, listener);
        awaitStored(Registrations.pairsOf(desired));
        String firstLease = store.latestLease().id();

        store.setUnavailable(true);
        memory.expire(store.latestLease());
        await().atMost(QUICK).until(() -> !registrar.status().storeConnected());
        assertThat(memory.list("traefik/").pairs()).isEmpty();
        store.setUnavailable(false);

        awaitStored(Registrations.pairsOf(desired), Duration.ofSeconds(2));
        assertThat(listener.lostLeases).containsExactly(firstLease);
        assertThat(listener.grantedLeases).hasSize(2);
        await().atMost(QUICK).untilAsserted(() -> assertThat(registrar.status().leaseId())
                .contains(listener.grantedLeases.get(1)));
    }

    @Test
    void aPutRefusedForAnUnknownLeaseGrantsANewLeaseAndRewritesEverything() {
        RecordingRegistrarListener listener = new RecordingRegistrarListener();
        DesiredState desired = state(List.of(web1), appRouter);
        Registrar registrar = start("node1", desired, listener);
        awaitStored(Registrations.pairsOf(desired));
        String firstLease = store.latestLease().id();

        store.latestLease().revoke();

        awaitStored(Registrations.pairsOf(desired));
        await().atMost(QUICK).untilAsserted(() -> {
            assertThat(listener.lostLeases).containsExactly(firstLease);
            assertThat(store.latestLease().id()).isNotEqualTo(firstLease);
            assertThat(registrar.status().leaseId()).contains(store.latestLease().id());
        });
    }

    @Test
    void aCheckedExceptionAStoreClientThrowsUndeclaredNeitherStopsTheRegistrarNorKeepsItsLeaseAliveAfterClose() {
        store.throwOnNextList(new InterruptedException("what OkHttp throws when close() interrupts a Consul call"));
        DesiredState desired = state(List.of(web1), appRouter);

        Registrar registrar = start("node1", desired, new RecordingRegistrarListener());

        awaitStored(Registrations.pairsOf(desired), TTL.plus(QUICK));
        registrar.close();
        awaitStored(List.of(), TTL.plus(QUICK));
    }

    @Test
    void updateRefusesKeysOutsideTheWatchedPrefixesServersOfOtherNodesAndSharedKeysUnderOwnServers() {
        Registrar registrar = new Registrar(store, RegistrarSettings.of("node1", LeaseTiming.DEFAULT, "traefik/"),
                RegistrarListener.NONE);
        registrars.add(registrar);
        KvPair outside = KvPair.of("elsewhere/http/routers/app/rule", "Host(`a`)");
        ServerRegistration ofNode2 = registrations.server("node2", "app", "web", "http://10.0.0.2:80", 1);

        assertThatThrownBy(() -> registrar.update(state(List.of(), List.of(outside))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key elsewhere/http/routers/app/rule: outside the watched prefixes [traefik/] "
                        + "(expected: under one of them)");
        assertThatThrownBy(() -> registrar.update(state(List.of(ofNode2), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server id node2--web: belongs to node node2 (expected: an id of node node1)");
        KvPair underOwnServer = KvPair.of(web1.keyPrefix() + "url", "http://10.0.0.1:8080");
        assertThatThrownBy(() -> registrar.update(state(List.of(), List.of(underOwnServer))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shared key " + web1.keyPrefix() + "url: lies under server node1--web-1 of this node "
                        + "(expected: server keys in a ServerRegistration)");
    }

    @Test
    void aServerTheStoreRefusesIsReportedAndTheOthersAreRegistered() {
        store.refusePutsOf(web2.keyPrefix() + "weight");
        DesiredState desired = state(List.of(web1, web2), appRouter);

        Registrar registrar = start("node1", desired, new RecordingRegistrarListener());

        awaitStored(Registrations.pairsOf(state(List.of(web1), appRouter)));
        await().atMost(QUICK).untilAsserted(() -> assertThat(registrar.status().rejectedWrites())
                .singleElement()
                .satisfies(rejected -> {
                    assertThat(rejected.target()).isEqualTo(web2.keyPrefix());
                    assertThat(rejected.reason()).contains("put of \"" + web2.keyPrefix() + "weight\"");
                }));
    }

    @Test
    void drainAndStopWritesTheDrainedStateThenDeletesEverythingAndRevokesTheLease() {
        DesiredState desired = state(List.of(web1, web2), appRouter);
        Registrar registrar = start("node1", desired, new RecordingRegistrarListener());
        awaitStored(Registrations.pairsOf(desired));
        ServerRegistration drainedWeb1 = registrations.server("node1", "app", "web-1", "http://10.0.0.1:8080", 0);
        DesiredState drained = state(List.of(drainedWeb1), appRouter);
        Thread stopper = new Thread(() -> registrar.drainAndStop(Duration.ofMillis(1500), drained));

        stopper.start();
        awaitStored(Registrations.pairsOf(drained));
        assertThat(registrar.status().phase()).isEqualTo(Phase.DRAINING);
        await().atMost(QUICK).until(() -> !stopper.isAlive());

        assertThat(stored()).isEmpty();
        assertThat(store.latestLease().remainingSeconds()).isNegative();
        assertThat(registrar.status().phase()).isEqualTo(Phase.STOPPED);
        assertThat(registrar.status().leaseState()).isEqualTo(LeaseState.REVOKED);
    }

    @Test
    void drainAndStopSaysTheKeysWereDeletedWhenTheStoreTookTheStop() {
        DesiredState desired = state(List.of(web1), appRouter);
        Registrar registrar = start("node1", desired, new RecordingRegistrarListener());
        awaitStored(Registrations.pairsOf(desired));

        Deregistration outcome = registrar.drainAndStop(Duration.ZERO, state(List.of(), appRouter));

        assertThat(outcome).isEqualTo(Deregistration.DELETED);
        assertThat(stored()).isEmpty();
    }

    @Test
    void aStoreThatRefusesTheStatusKeyFailsNeitherThePassNorTheStopAndTheKeyIsWrittenOnceAllowed() {
        store.refuseWritesUnder("kvroute/");
        DesiredState desired = state(List.of(web1), appRouter);
        Registrar registrar = start("node1", desired, new RecordingRegistrarListener());

        awaitStored(Registrations.pairsOf(desired));
        await().atMost(QUICK).untilAsserted(() -> {
            RegistrarStatus status = registrar.status();
            assertThat(status.storeConnected()).isTrue();
            assertThat(status.leaseState()).isEqualTo(LeaseState.ACTIVE);
            assertThat(status.lastReconcile()).hasValueSatisfying(outcome -> assertThat(outcome.succeeded()).isTrue());
        });
        assertThat(memory.list("kvroute/").pairs()).isEmpty();

        store.allowWritesUnder("kvroute/");
        DesiredState more = state(List.of(web1, web2), appRouter);
        registrar.update(more);
        await().atMost(QUICK).untilAsserted(() -> assertThat(memory.list("kvroute/").pairs())
                .extracting(KvPair::key).containsExactly("kvroute/agents/node1"));

        store.refuseWritesUnder("kvroute/");
        Deregistration outcome = registrar.drainAndStop(Duration.ZERO, state(List.of(), appRouter));

        assertThat(outcome).isEqualTo(Deregistration.DELETED);
        assertThat(stored()).isEmpty();
        assertThat(memory.list("kvroute/").pairs()).isEmpty();
    }

    @Test
    void drainAndStopOnAStoreThatStoppedAnsweringSkipsTheGraceAndLeavesTheKeysToExpireWithTheLease() {
        DesiredState desired = state(List.of(web1), appRouter);
        Registrar registrar = start("node1", desired, new RecordingRegistrarListener());
        awaitStored(Registrations.pairsOf(desired));
        store.setUnavailable(true);
        ServerRegistration drainedWeb1 = registrations.server("node1", "app", "web-1", "http://10.0.0.1:8080", 0);
        AtomicReference<Deregistration> outcome = new AtomicReference<>();
        Thread stopper = new Thread(() -> outcome.set(registrar.drainAndStop(Duration.ofMinutes(1),
                state(List.of(drainedWeb1), appRouter))));

        stopper.start();

        await().atMost(TTL.plus(QUICK)).until(() -> !stopper.isAlive());
        assertThat(outcome.get()).isEqualTo(Deregistration.LEFT_TO_EXPIRE);
        assertThat(registrar.status().leaseState()).isEqualTo(LeaseState.ABANDONED);
        awaitStored(List.of(), TTL.plus(QUICK));
    }

    @Test
    void drainAndStopOnAStoreThatNeverAnsweredEndsWithinSecondsHavingRegisteredNothing() {
        store.setUnavailable(true);
        Registrar registrar = start("node1", state(List.of(web1), appRouter), new RecordingRegistrarListener());
        await().atMost(QUICK).until(() -> registrar.status().lastReconcile().isPresent());
        AtomicReference<Deregistration> outcome = new AtomicReference<>();
        Thread stopper = new Thread(() -> outcome.set(registrar.drainAndStop(Duration.ofMinutes(1),
                state(List.of(), appRouter))));

        stopper.start();

        await().atMost(QUICK.plus(QUICK)).until(() -> !stopper.isAlive());
        assertThat(outcome.get()).isEqualTo(Deregistration.NOTHING_REGISTERED);
        assertThat(store.leases()).isEmpty();
        assertThat(stored()).isEmpty();
    }
}
