package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.proxy.balancer.ServerKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What probes do with connections, against real servers on 127.0.0.1: one kept-alive connection per server, a kept
 * connection the server dropped retried once on a new one, a server that drops every connection or never answers
 * failing within the timeout without connections piling up, a body too large to drain, and the Host header
 * through redirects.
 */
class ProbeConnectionTest extends CheckerTestSupport {
    private static final ServerKey KEY = new ServerKey("app", "a");

    private void watch(String url, HealthCheck spec) {
        watch(Set.of(new ProbeTarget(KEY, url, Optional.of(spec))));
    }

    @Test
    void probeAfterProbeGoesOverOneKeptAliveConnection() {
        TestBackend backend = backend();
        watch(backend.url(), Specs.fast("/health").withInterval(Duration.ofMillis(20)));

        eventually().until(() -> backend.requestCount() >= 5);

        assertThat(backend.received()).extracting(TestBackend.Received::clientPort).containsOnly(
                backend.received().get(0).clientPort());
    }

    @Test
    void aKeptConnectionTheServerDroppedIsRetriedOnceOnANewOneAndNoProbeFails() {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.ANSWER_ONCE_PER_CONNECTION)) {
            watch(server.url(), Specs.fast("/health").withInterval(Duration.ofMillis(20))
                    .withTimeout(Duration.ofSeconds(2)));

            eventually().until(() -> counter(MicrometerHealthMetrics.PROBES, "result", "passed") >= 4);

            assertThat(counter(MicrometerHealthMetrics.PROBES, "result", "failed")).isZero();
            assertThat(checker.view().server(KEY).orElseThrow().state()).isEqualTo(HealthState.UP);
            assertThat(server.accepted()).isGreaterThanOrEqualTo(4);
            assertThat(server.requests()).isGreaterThan(server.accepted());
        }
    }

    @Test
    void aServerThatDropsEveryConnectionUnansweredGoesDownDespiteTheRetry() {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.CLOSE_UNANSWERED)) {
            watch(server.url(), Specs.fast("/health"));

            ServerHealth down = awaitState(KEY, HealthState.DOWN);

            assertThat(down.lastProbe().orElseThrow().describe()).isEqualTo(ProbeFailures.CLOSED);
            assertThat(server.requests()).isEqualTo(server.accepted());
        }
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersFailsWithinTheTimeoutAndKeepsAtMostOneConnection() {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.NEVER_ANSWER)) {
            watch(server.url(), Specs.fast("/health").withInterval(Duration.ofMillis(50)));

            ServerHealth down = awaitState(KEY, HealthState.DOWN);
            eventually().until(() -> server.accepted() >= 4);

            assertThat(down.lastProbe().orElseThrow().describe()).isEqualTo("timeout after 200ms");
            eventually().during(Duration.ofMillis(500)).until(() -> server.open() <= 1);
            watch(Set.of());
            eventually().until(() -> server.open() == 0);
        }
    }

    @Test
    void aBodyTooLargeToDrainPassesAndItsConnectionIsClosedNotKept() {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.Behaviour.ANSWER_LARGE_BODY)) {
            watch(server.url(), Specs.fast("/health").withInterval(Duration.ofMillis(20))
                    .withTimeout(Duration.ofSeconds(2)));

            eventually().until(() -> counter(MicrometerHealthMetrics.PROBES, "result", "passed") >= 3);

            assertThat(checker.view().server(KEY).orElseThrow().state()).isEqualTo(HealthState.UP);
            assertThat(server.accepted()).isGreaterThanOrEqualTo(3).isEqualTo(server.requests());
        }
    }

    @Test
    void withoutHostnameTheHostHeaderIsTheServersAddress() {
        TestBackend backend = backend();
        watch(backend.url(), Specs.fast("/health"));

        awaitState(KEY, HealthState.UP);

        assertThat(backend.received().get(0).headers().get("Host")).containsExactly("127.0.0.1:" + backend.port());
    }

    @Test
    void aRelativeRedirectKeepsTheHostHeaderAndTheConnection() {
        TestBackend backend = backend();
        backend.redirect("/moved", "/target");
        watch(backend.url(), Specs.fast("/moved").withHostname("app.example.com").withTimeout(Duration.ofSeconds(2)));

        awaitState(KEY, HealthState.UP);

        List<TestBackend.Received> received = backend.received();
        int first = received.stream().map(TestBackend.Received::uri).toList().indexOf("/target");
        TestBackend.Received moved = received.get(first - 1);
        TestBackend.Received target = received.get(first);
        assertThat(moved.uri()).isEqualTo("/moved");
        assertThat(target.headers().get("Host")).containsExactly("app.example.com");
        assertThat(target.clientPort()).isEqualTo(moved.clientPort());
    }

    @Test
    void aRedirectLoopFailsAfterTenRedirects() {
        TestBackend backend = backend();
        backend.redirect("/loop", "/loop");
        watch(backend.url(), Specs.fast("/loop"));

        ServerHealth down = awaitState(KEY, HealthState.DOWN);

        assertThat(down.lastProbe().orElseThrow().describe()).isEqualTo("stopped after 10 redirects");
        assertThat(down.lastProbe().orElseThrow().status()).hasValue(302);
    }
}
