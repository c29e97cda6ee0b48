package io.kvroute.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kvroute.agent.registration.ReconcilePlan.ServerChange;
import io.kvroute.agent.registration.ReconcilePlan.SharedChange;
import io.kvroute.agent.registration.ReconcilePlan.SharedWrite;
import io.kvroute.kv.store.KeyOrder;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReconcilePlanTest {
    private static final String RULE = "t/http/routers/app/rule";
    private final Registrations registrations = new Registrations("t/");
    private final RegistrationLedger ledger = new RegistrationLedger();

    private static NavigableMap<String, String> stored(KvPair... pairs) {
        NavigableMap<String, String> map = new TreeMap<>(KeyOrder.BYTEWISE);
        for (KvPair pair : pairs) {
            map.put(pair.key(), pair.value());
        }
        return map;
    }

    private ReconcilePlan plan(DesiredState desired, NavigableMap<String, String> stored) {
        return ReconcilePlan.compute("node1", desired, stored, ledger);
    }

    /**
     * The shared-key rule: {@code store} is the store's value ("-" for missing), {@code written} the value this
     * process wrote last ("-" for never). A missing key is put only if still absent; a key in sync is left to whichever
     * agent put it, also when this one never wrote it.
     */
    @ParameterizedTest(name = "desired B, store {0}, written {1} -> {2}")
    @CsvSource({
            "-, -, ASSERTED",
            "-, B, REASSERTED",
            "B, -, NONE",
            "B, B, NONE",
            "A, A, OWN_CHANGE",
            "A, -, CONFLICT",
            "A, C, CONFLICT",
    })
    void sharedKeyRule(String store, String written, String expected) {
        if (!written.equals("-")) {
            ledger.sharedPut(KvPair.of(RULE, written));
        }
        NavigableMap<String, String> stored = store.equals("-") ? stored() : stored(KvPair.of(RULE, store));

        ReconcilePlan plan = plan(new DesiredState(List.of(), List.of(KvPair.of(RULE, "B"))), stored);

        switch (expected) {
            case "NONE" -> assertThat(plan.isEmpty()).isTrue();
            case "CONFLICT" -> {
                assertThat(plan.sharedWrites()).isEmpty();
                assertThat(plan.conflicts()).containsExactly(new SharedKeyConflict(RULE, "B", store));
            }
            default -> {
                assertThat(plan.sharedWrites()).extracting(ReconcilePlan.SharedWrite::change, SharedWrite::ifAbsent)
                        .containsExactly(tuple(SharedChange.valueOf(expected), store.equals("-")));
                assertThat(plan.conflicts()).isEmpty();
            }
        }
    }

    @Test
    void aSharedKeyInSyncStaysWithItsHolderAcrossANewLease() {
        ledger.sharedPut(KvPair.of(RULE, "B"));
        ledger.newLease();

        ReconcilePlan plan = plan(new DesiredState(List.of(), List.of(KvPair.of(RULE, "B"))),
                stored(KvPair.of(RULE, "B")));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void aServerWithAnExtraKeyDeletesOnlyThatKeyAndPutsTheDesiredPairs() {
        ServerRegistration server = registrations.server("node1", "app", "web", "http://10.0.0.1:80", 1);
        String extra = server.keyPrefix() + "preservePath";

        ReconcilePlan plan = plan(new DesiredState(List.of(server), List.of()),
                stored(server.pairs().get(0), server.pairs().get(1), KvPair.of(extra, "true")));

        assertThat(plan.serverWrites()).singleElement().satisfies(write -> {
            assertThat(write.extraKeys()).containsExactly(extra);
            assertThat(write.change()).isEqualTo(ServerChange.CHANGED);
        });
    }

    @Test
    void aServerInSyncOnTheCurrentLeaseIsLeftAlone() {
        ServerRegistration server = registrations.server("node1", "app", "web", "http://10.0.0.1:80", 1);
        ledger.serverWritten(server);

        ReconcilePlan plan = plan(new DesiredState(List.of(server), List.of()),
                stored(server.pairs().toArray(KvPair[]::new)));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void staleKeysAreThoseOfThisNodeOnlyEvenWhenAnotherNodeNameStartsTheSame() {
        ServerRegistration kept = registrations.server("node1", "app", "web", "http://10.0.0.1:80", 1);
        ServerRegistration stale = registrations.server("node1", "app", "old", "http://10.0.0.1:81", 1);
        ServerRegistration otherNode = registrations.server("node1-b", "app", "old", "http://10.0.0.2:81", 1);
        KvPair numbered = KvPair.of("t/http/services/app/loadBalancer/servers/0/url", "http://10.0.0.3:80");
        ledger.serverWritten(kept);

        ReconcilePlan plan = plan(new DesiredState(List.of(kept), List.of()), stored(kept.pairs().get(0),
                kept.pairs().get(1), stale.pairs().get(0), stale.pairs().get(1), otherNode.pairs().get(0), numbered));

        assertThat(plan.staleServers()).singleElement().satisfies(server -> {
            assertThat(server.server().prefix()).isEqualTo(stale.keyPrefix());
            assertThat(server.keys()).containsExactly(stale.keyPrefix() + "url", stale.keyPrefix() + "weight");
        });
        assertThat(plan.serverWrites()).isEmpty();
    }

    /**
     * Another node's server: serving (weight 1), drained (weight 0) or gone. When one that served stops serving, the
     * shared keys this node holds in sync are put again, on this node's lease, before the other agent revokes its own.
     */
    @ParameterizedTest(name = "other node's server at the last pass {0}, now {1} -> shared keys put again: {2}")
    @CsvSource({
            "serving, serving, false",
            "serving, drained, true",
            "serving, gone, true",
            "drained, drained, false",
            "drained, gone, false",
            "gone, serving, false",
            "gone, drained, false",
    })
    void sharedKeysAreTakenOverWhenAnotherNodesServerStopsServing(String before, String now, boolean takenOver) {
        KvPair rule = KvPair.of(RULE, "B");
        ServerRegistration own = registrations.server("node1", "app", "web", "http://10.0.0.1:80", 1);
        DesiredState desired = new DesiredState(List.of(own), List.of(rule));
        ledger.serverWritten(own);
        ledger.sharedPut(rule);
        ledger.othersServing(plan(desired, withOtherNode(before, own, rule)).othersServing());

        ReconcilePlan plan = plan(desired, withOtherNode(now, own, rule));

        assertThat(plan.sharedWrites()).extracting(ReconcilePlan.SharedWrite::change)
                .containsExactlyElementsOf(takenOver ? List.of(SharedChange.TAKEN_OVER) : List.of());
        assertThat(plan.serverWrites()).isEmpty();
    }

    @Test
    void onlyTheKeysOfTheServiceWhoseServerStoppedAndKeysOfNoOneServiceAreTakenOver() {
        ServerRegistration own = registrations.server("node1", "app", "web", "http://10.0.0.1:80", 1);
        ServerRegistration otherService = registrations.server("node2", "shop", "web", "http://10.0.0.2:80", 1);
        List<KvPair> router = registrations.router("app", "Host(`app.example.com`)");
        KvPair middleware = KvPair.of("t/http/middlewares/auth/basicAuth/users/0", "u:h");
        List<KvPair> shared = new ArrayList<>(router);
        shared.add(middleware);
        DesiredState desired = new DesiredState(List.of(own), shared);
        ledger.serverWritten(own);
        shared.forEach(ledger::sharedPut);
        NavigableMap<String, String> before = withOtherNode("gone", own, shared.toArray(KvPair[]::new));
        otherService.pairs().forEach(pair -> before.put(pair.key(), pair.value()));
        ledger.othersServing(plan(desired, before).othersServing());

        ReconcilePlan plan = plan(desired, withOtherNode("gone", own, shared.toArray(KvPair[]::new)));

        assertThat(plan.sharedWrites()).extracting(write -> write.pair().key(), ReconcilePlan.SharedWrite::change)
                .containsExactly(tuple(middleware.key(), SharedChange.TAKEN_OVER));
    }

    private NavigableMap<String, String> withOtherNode(String state, ServerRegistration own, KvPair... shared) {
        NavigableMap<String, String> stored = stored(own.pairs().toArray(KvPair[]::new));
        for (KvPair pair : shared) {
            stored.put(pair.key(), pair.value());
        }
        if (!state.equals("gone")) {
            ServerRegistration other = registrations.server("node2", "app", "web", "http://10.0.0.2:80",
                    state.equals("drained") ? 0 : 1);
            other.pairs().forEach(pair -> stored.put(pair.key(), pair.value()));
        }
        return stored;
    }

    @Test
    void aSharedKeyNoLongerDesiredIsLeftToAnotherNodeServingItsServiceAndDeletedWhenNoneDoes() {
        ServerRegistration own = registrations.server("node1", "app", "web", "http://10.0.0.1:80", 1);
        List<KvPair> router = registrations.router("app", "Host(`app.example.com`)");
        router.forEach(ledger::sharedPut);
        KvPair[] routerPairs = router.toArray(KvPair[]::new);

        ReconcilePlan whileServed = plan(DesiredState.empty(), withOtherNode("serving", own, routerPairs));
        ReconcilePlan whileDrained = plan(DesiredState.empty(), withOtherNode("drained", own, routerPairs));
        ReconcilePlan whenGone = plan(DesiredState.empty(), withOtherNode("gone", own, routerPairs));

        assertThat(whileServed.sharedRetractions()).isEmpty();
        assertThat(whileServed.sharedForgotten()).isEmpty();
        assertThat(whileDrained.sharedRetractions()).containsExactlyElementsOf(router);
        assertThat(whenGone.sharedRetractions()).containsExactlyElementsOf(router);
    }

    @Test
    void aSharedKeyNoLongerDesiredIsDeletedOnlyWhileTheStoreHoldsOurValue() {
        ledger.sharedPut(KvPair.of(RULE, "A"));
        ledger.sharedPut(KvPair.of("t/http/routers/app/service", "app"));

        ReconcilePlan plan = plan(DesiredState.empty(),
                stored(KvPair.of(RULE, "A"), KvPair.of("t/http/routers/app/service", "other")));

        assertThat(plan.sharedRetractions()).containsExactly(KvPair.of(RULE, "A"));
        assertThat(plan.sharedForgotten()).containsExactly("t/http/routers/app/service");
    }
}
