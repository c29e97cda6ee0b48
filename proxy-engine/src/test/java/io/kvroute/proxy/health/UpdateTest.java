package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.proxy.balancer.ServerKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How {@link HealthChecker#update} treats removed, new, unchanged and changed targets, and
 * {@link HealthChecker#updateServices} the targets of the services it names only.
 */
class UpdateTest extends CheckerTestSupport {
    private static final ServerKey A = new ServerKey("app", "a");
    private static final ServerKey B = new ServerKey("app", "b");
    private static final ServerKey PLAIN = new ServerKey("static", "s");
    /** Probed every 50ms while usable, never again once DOWN (within a test). */
    private static final HealthCheck ONCE_DOWN_STAYS_QUIET = Specs.withUnhealthyInterval(
            Specs.fast("/health").withInterval(Duration.ofMillis(50)), Duration.ofHours(1));

    @Test
    void removedTargetsStopBeingProbedAndLoseTheirMeters() {
        TestBackend a = backend();
        TestBackend b = backend();
        ProbeTarget targetA = new ProbeTarget(A, a.url(), Optional.of(Specs.fast("/health")));
        watch(Set.of(targetA, new ProbeTarget(B, b.url(), Optional.of(Specs.fast("/health")))));
        awaitState(A, HealthState.UP);
        awaitState(B, HealthState.UP);

        watch(Set.of(targetA));
        eventually().until(() -> checker.view().server(B).isEmpty());
        int probesOfB = b.requestCount();

        eventually().during(Duration.ofMillis(500)).until(() -> b.requestCount() <= probesOfB + 1);
        assertThat(registry.find(MicrometerHealthMetrics.PROBES).tag("server", "b").counters()).isEmpty();
        assertThat(registry.find(MicrometerHealthMetrics.PROBES).tag("server", "a").counters()).isNotEmpty();
    }

    @Test
    void unchangedTargetsKeepTheirStateAndSchedule() {
        TestBackend backend = backend();
        backend.status(500);
        ProbeTarget target = new ProbeTarget(A, backend.url(), Optional.of(ONCE_DOWN_STAYS_QUIET));
        watch(Set.of(target));
        ServerHealth down = awaitState(A, HealthState.DOWN);
        int probes = backend.requestCount();

        watch(Set.of(new ProbeTarget(A, backend.url(), Optional.of(ONCE_DOWN_STAYS_QUIET)),
                new ProbeTarget(PLAIN, "http://127.0.0.1:1", Optional.empty())));
        awaitWatched(PLAIN);
        watch(Set.of(target));
        barrier();

        eventually().during(Duration.ofMillis(300)).until(() -> backend.requestCount() == probes);
        assertThat(checker.view().server(A)).contains(down);
        assertThat(listener.transitions(A)).containsExactly("UNKNOWN->DOWN");
    }

    @Test
    void aServerWithoutHealthCheckIsUpAndNeverProbed() {
        TestBackend backend = backend();
        backend.status(500);
        watch(Set.of(new ProbeTarget(A, backend.url(), Optional.empty())));

        ServerHealth health = awaitWatched(A);

        assertThat(health.state()).isEqualTo(HealthState.UP);
        assertThat(health.activelyChecked()).isFalse();
        assertThat(health.lastProbe()).isEmpty();
        eventually().during(Duration.ofMillis(300)).until(() -> backend.requestCount() == 0);
        assertThat(listener.changes()).isEmpty();
    }

    @Test
    void removingTheHealthCheckBringsADownServerUpAndStopsProbing() {
        TestBackend backend = backend();
        backend.status(500);
        watch(Set.of(new ProbeTarget(A, backend.url(), Optional.of(Specs.fast("/health")))));
        awaitState(A, HealthState.DOWN);

        watch(Set.of(new ProbeTarget(A, backend.url(), Optional.empty())));
        ServerHealth up = awaitState(A, HealthState.UP);
        int probes = backend.requestCount();

        assertThat(up.activelyChecked()).isFalse();
        awaitChanges(2);
        assertThat(listener.changes()).extracting(HealthChange::describe).containsExactly(
                "server " + backend.url() + " of service app DOWN after 2 failed probes: status 500 (expected: 2xx or 3xx)",
                "server " + backend.url() + " of service app UP because its service no longer has a health check");
        eventually().during(Duration.ofMillis(300)).until(() -> backend.requestCount() <= probes + 1);
    }

    @Test
    void addingAHealthCheckStartsProbing() {
        TestBackend backend = backend();
        backend.status(500);
        watch(Set.of(new ProbeTarget(A, backend.url(), Optional.empty())));
        awaitWatched(A);

        watch(Set.of(new ProbeTarget(A, backend.url(), Optional.of(Specs.fast("/health")))));

        awaitState(A, HealthState.DOWN);
        awaitChanges(1);
        assertThat(listener.transitions(A)).containsExactly("UP->DOWN");
    }

    @Test
    void aServerWhoseUrlChangedStartsOverAndTheListenerHearsOfIt() {
        TestBackend old = backend();
        old.status(500);
        TestBackend replacement = backend();
        watch(Set.of(new ProbeTarget(A, old.url(), Optional.of(ONCE_DOWN_STAYS_QUIET))));
        awaitState(A, HealthState.DOWN);

        watch(Set.of(new ProbeTarget(A, replacement.url(), Optional.of(ONCE_DOWN_STAYS_QUIET))));

        ServerHealth up = awaitState(A, HealthState.UP);
        assertThat(up.url()).isEqualTo(replacement.url());
        awaitChanges(3);
        assertThat(listener.changes()).extracting(HealthChange::describe).containsExactly(
                "server " + old.url() + " of service app DOWN after 2 failed probes: status 500 (expected: 2xx or 3xx)",
                "server " + replacement.url() + " of service app UNKNOWN because it replaced " + old.url(),
                "server " + replacement.url() + " of service app UP after its first probe (status 200)");
    }

    @Test
    void twoTargetsForOneServerAreRefused() {
        Set<ProbeTarget> targets = Set.of(
                new ProbeTarget(A, "http://127.0.0.1:8081", Optional.empty()),
                new ProbeTarget(A, "http://127.0.0.1:8082", Optional.empty()));

        assertThatThrownBy(() -> checker.update(targets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("targets: server app/a twice (")
                .hasMessageEndingWith("; expected: one target per server)");
    }

    @Test
    void updatingSomeServicesLeavesTheOthersAsTheyAre() {
        TestBackend backend = backend();
        backend.status(500);
        ProbeTarget down = new ProbeTarget(A, backend.url(), Optional.of(ONCE_DOWN_STAYS_QUIET));
        watch(Set.of(down, new ProbeTarget(PLAIN, "http://127.0.0.1:1", Optional.empty())));
        ServerHealth downHealth = awaitState(A, HealthState.DOWN);
        ServerKey other = new ServerKey("other", "o");
        var appServers = checker.view().services().get("app");

        checker.updateServices(Map.of("static", Set.of(), "other",
                Set.of(new ProbeTarget(other, "http://127.0.0.1:2", Optional.empty()))));

        awaitWatched(other);
        assertThat(checker.view().server(PLAIN)).isEmpty();
        assertThat(checker.view().server(A)).contains(downHealth);
        assertThat(checker.view().servers()).containsOnlyKeys(A, other);
        assertThat(checker.view().services()).containsOnlyKeys("app", "other");
        assertThat(checker.view().services().get("app")).as("the untouched service's servers, shared")
                .isSameAs(appServers);
    }

    @Test
    void aServiceUpdateWithAServerOfAnotherServiceIsRefused() {
        Map<String, Set<ProbeTarget>> targets = Map.of("static",
                Set.of(new ProbeTarget(A, "http://127.0.0.1:8081", Optional.empty())));

        assertThatThrownBy(() -> checker.updateServices(targets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("targets of service static: server app/a (expected: servers of that service)");
    }
}
