package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.proxy.balancer.ServerKey;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Active probes against real HTTP backends on 127.0.0.1. */
class ActiveProbeTest extends CheckerTestSupport {
    private static final ServerKey KEY = new ServerKey("app", "a");

    private void watch(String url, HealthCheck spec) {
        watch(Set.of(new ProbeTarget(KEY, url, Optional.of(spec))));
    }

    @Test
    void goesDownAfterFallFailedProbesAndBackUpAfterRisePassedProbes() {
        TestBackend backend = backend();
        watch(backend.url(), Specs.fast("/health"));
        awaitState(KEY, HealthState.UP);
        backend.status(503);
        awaitState(KEY, HealthState.DOWN);
        backend.status(200);
        awaitState(KEY, HealthState.UP);
        awaitChanges(3);

        assertThat(listener.changes()).extracting(HealthChange::describe).containsExactly(
                "server " + backend.url() + " of service app UP after its first probe (status 200)",
                "server " + backend.url() + " of service app DOWN after 2 failed probes: status 503 (expected: 2xx or 3xx)",
                "server " + backend.url() + " of service app UP after 2 passed probes (status 200)");
        assertThat(listener.mismatches()).isEmpty();
        assertThat(listener.threads()).allSatisfy(thread ->
                assertThat(thread).isEqualTo("kvroute-health I/O-1"));
        assertThat(counter(MicrometerHealthMetrics.STATE_CHANGES, "state", "down")).isEqualTo(1.0);
        assertThat(counter(MicrometerHealthMetrics.STATE_CHANGES, "state", "up")).isEqualTo(2.0);
        assertThat(counter(MicrometerHealthMetrics.PROBES, "result", "failed")).isGreaterThanOrEqualTo(2.0);
        assertThat(counter(MicrometerHealthMetrics.PROBES, "result", "passed")).isGreaterThanOrEqualTo(3.0);
        assertThat(backend.received()).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.uri()).isEqualTo("/health");
        });
    }

    @Test
    void downServerRecordsTheEvidence() {
        TestBackend backend = backend();
        backend.status(500);
        watch(backend.url(), Specs.fast("/health"));
        ServerHealth down = awaitState(KEY, HealthState.DOWN);

        assertThat(down.probeState()).isEqualTo(HealthState.DOWN);
        assertThat(down.isUsable(down.since())).isFalse();
        assertThat(down.consecutiveSuccesses()).isZero();
        assertThat(down.consecutiveFailures()).isGreaterThanOrEqualTo(2);
        ProbeResult last = down.lastProbe().orElseThrow();
        assertThat(last.status()).isEqualTo(OptionalInt.of(500));
        assertThat(last.error()).contains("status 500 (expected: 2xx or 3xx)");
        assertThat(last.at()).isBeforeOrEqualTo(down.since());
        assertThat(checker.view().isUsable(KEY, down.since())).isFalse();
        awaitChanges(1);
        assertThat(listener.transitions(KEY)).containsExactly("UNKNOWN->DOWN");
    }

    static Stream<Arguments> statusExpectations() {
        return Stream.of(
                Arguments.of(OptionalInt.empty(), 200, HealthState.UP, "status 200"),
                Arguments.of(OptionalInt.empty(), 204, HealthState.UP, "status 204"),
                Arguments.of(OptionalInt.empty(), 302, HealthState.UP, "status 302"),
                Arguments.of(OptionalInt.empty(), 399, HealthState.UP, "status 399"),
                Arguments.of(OptionalInt.empty(), 404, HealthState.DOWN, "status 404 (expected: 2xx or 3xx)"),
                Arguments.of(OptionalInt.empty(), 500, HealthState.DOWN, "status 500 (expected: 2xx or 3xx)"),
                Arguments.of(OptionalInt.of(204), 204, HealthState.UP, "status 204"),
                Arguments.of(OptionalInt.of(204), 200, HealthState.DOWN, "status 200 (expected: 204)"),
                Arguments.of(OptionalInt.of(503), 503, HealthState.UP, "status 503"));
    }

    @ParameterizedTest(name = "spec status {0}, backend {1} -> {2}")
    @MethodSource("statusExpectations")
    void judgesTheStatusCode(OptionalInt expected, int answered, HealthState state, String lastProbe) {
        TestBackend backend = backend();
        backend.status(answered);
        HealthCheck spec = Specs.withFollowRedirects(Specs.fast("/health"), false);
        if (expected.isPresent()) {
            spec = Specs.withStatus(spec, expected.getAsInt());
        }
        watch(backend.url(), spec);

        ServerHealth health = awaitState(KEY, state);

        assertThat(health.lastProbe().orElseThrow().describe()).isEqualTo(lastProbe);
    }

    static Stream<Arguments> redirects() {
        return Stream.of(
                Arguments.of(true, HealthState.DOWN, "status 500 (expected: 2xx or 3xx)"),
                Arguments.of(false, HealthState.UP, "status 302"));
    }

    @ParameterizedTest(name = "followRedirects {0} -> {1}")
    @MethodSource("redirects")
    void followsRedirectsOnlyWhenTheSpecSaysSo(boolean follow, HealthState state, String lastProbe) {
        TestBackend backend = backend();
        backend.status(500);
        backend.redirect("/moved", "/target");
        watch(backend.url(), Specs.withFollowRedirects(Specs.fast("/moved"), follow));

        ServerHealth health = awaitState(KEY, state);

        assertThat(health.lastProbe().orElseThrow().describe()).isEqualTo(lastProbe);
        assertThat(backend.received()).extracting(TestBackend.Received::uri)
                .contains(follow ? "/target" : "/moved");
    }

    @Test
    void aProbeWithoutAnswerTimesOutAndCountsAsFailure() {
        TestBackend backend = backend();
        backend.hang();
        watch(backend.url(), Specs.fast("/health"));

        ServerHealth down = awaitState(KEY, HealthState.DOWN);

        assertThat(down.lastProbe().orElseThrow().describe()).isEqualTo("timeout after 200ms");
        awaitChanges(1);
        assertThat(listener.changes()).extracting(HealthChange::reason)
                .containsExactly("after 2 failed probes: timeout after 200ms");
    }

    @Test
    void aStoppedBackendRefusesConnectionsAndGoesDown() {
        TestBackend backend = backend();
        watch(backend.url(), Specs.fast("/health"));
        awaitState(KEY, HealthState.UP);
        backend.close();

        ServerHealth down = awaitState(KEY, HealthState.DOWN);

        assertThat(down.lastProbe().orElseThrow().describe()).isEqualTo("connect refused");
        awaitChanges(2);
        assertThat(listener.changes()).extracting(HealthChange::describe).last()
                .isEqualTo("server " + backend.url() + " of service app DOWN after 2 failed probes: connect refused");
    }

    @Test
    void sendsMethodPathHostHeaderAndCustomHeaders() {
        TestBackend backend = backend();
        HealthCheck spec = Specs.withMethod(Specs.fast("/healthz?deep=1"), "HEAD")
                .withHostname("app.example.com");
        watch(backend.url(), Specs.withHeader(spec, "X-Probe", "kvroute"));

        awaitState(KEY, HealthState.UP);

        TestBackend.Received first = backend.received().get(0);
        assertThat(first.method()).isEqualTo("HEAD");
        assertThat(first.uri()).isEqualTo("/healthz?deep=1");
        assertThat(first.headers().get("Host")).containsExactly("app.example.com");
        assertThat(first.headers().get("X-Probe")).containsExactly("kvroute");
    }

    @Test
    void theSpecPortReplacesTheServerPort() {
        TestBackend backend = backend();
        watch("http://127.0.0.1:" + closedPort(), Specs.fast("/health").withPort(backend.port()));

        awaitState(KEY, HealthState.UP);

        assertThat(backend.requestCount()).isPositive();
    }

    @Test
    void aSpecPortWithoutListenerMakesTheServerDown() {
        TestBackend backend = backend();
        watch(backend.url(), Specs.fast("/health").withPort(closedPort()));

        ServerHealth down = awaitState(KEY, HealthState.DOWN);

        assertThat(down.lastProbe().orElseThrow().describe()).isEqualTo("connect refused");
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void probesADownServerEveryUnhealthyInterval() {
        TestBackend backend = backend();
        backend.status(500);
        watch(backend.url(), Specs.withUnhealthyInterval(
                Specs.fast("/health").withInterval(Duration.ofMillis(50)), Duration.ofHours(1)));
        awaitState(KEY, HealthState.DOWN);
        int probes = backend.requestCount();

        eventually().during(Duration.ofMillis(400)).until(() -> backend.requestCount() == probes);
        assertThat(probes).isEqualTo(2);
    }

    @Test
    void aGrpcCheckOfAServerWithoutTheHealthProtocolGoesDownAndAnotherModeProbesWithHttp() {
        TestBackend plain = backend();
        watch(plain.url(), Specs.withMode(Specs.fast("/health"), "grpc"));

        ServerHealth down = awaitState(KEY, HealthState.DOWN);

        assertThat(down.activelyChecked()).isTrue();
        assertThat(down.lastProbe().flatMap(ProbeResult::error)).isPresent();
        assertThat(plain.received()).noneSatisfy(request -> assertThat(request.uri()).isEqualTo("/health"));

        TestBackend other = backend();
        ServerKey otherKey = new ServerKey("app", "b");
        watch(Set.of(new ProbeTarget(otherKey, other.url(), Optional.of(Specs.withMode(Specs.fast("/health"),
                "tcp")))));
        awaitState(otherKey, HealthState.UP);
        assertThat(other.received()).allSatisfy(request -> assertThat(request.uri()).isEqualTo("/health"));
    }
}
