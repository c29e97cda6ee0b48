package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.balancer.ServerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Passive ejection of servers the proxy failed to reach (ejections of 200ms doubling up to 800ms). */
class PassiveEjectionTest extends CheckerTestSupport {
    private static final ServerKey KEY = new ServerKey("app", "a");
    private static final String URL = "http://127.0.0.1:8081";

    @BeforeEach
    void watchOneServer() {
        watch(Set.of(new ProbeTarget(KEY, URL, Optional.empty())));
        awaitWatched(KEY);
    }

    @Test
    void aReportedFailureEjectsTheServerUntilTheBackoffEnds() {
        checker.reportFailure(KEY, "connect refused");

        ServerHealth ejected = awaitState(KEY, HealthState.EJECTED);
        Ejection ejection = ejected.ejection().orElseThrow();
        assertThat(ejection.reason()).isEqualTo("connect refused");
        assertThat(ejection.backoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(ejection.streak()).isEqualTo(1);
        assertThat(ejection.until()).isEqualTo(ejected.since().plus(Duration.ofMillis(200)));
        assertThat(checker.view().isUsable(KEY, ejected.since())).isFalse();
        assertThat(checker.view().isUsable(KEY, ejection.until())).isTrue();

        ServerHealth back = awaitState(KEY, HealthState.UP);
        assertThat(back.ejection()).isEmpty();
        assertThat(back.ejectionStreak()).isEqualTo(1);
        awaitChanges(2);
        assertThat(listener.changes()).extracting(HealthChange::describe).containsExactly(
                "server " + URL + " of service app EJECTED for 200ms (ejection 1 in a row): connect refused",
                "server " + URL + " of service app UP after an ejection of 200ms");
        assertThat(listener.threads()).containsOnly("kvroute-health I/O-1");
        assertThat(counter(MicrometerHealthMetrics.EJECTIONS, "server", "a")).isEqualTo(1.0);
    }

    @Test
    void ejectionsInARowDoubleTheBackoffUpToTheMaximumAndASuccessResetsIt() {
        for (int expectedMillis : new int[] {200, 400, 800, 800}) {
            checker.reportFailure(KEY, "timeout");
            Ejection ejection = awaitState(KEY, HealthState.EJECTED).ejection().orElseThrow();
            assertThat(ejection.backoff()).isEqualTo(Duration.ofMillis(expectedMillis));
            awaitState(KEY, HealthState.UP);
        }
        assertThat(checker.view().server(KEY).orElseThrow().ejectionStreak()).isEqualTo(4);

        checker.reportSuccess(KEY);
        eventually().until(() -> checker.view().server(KEY).orElseThrow().ejectionStreak() == 0);
        checker.reportFailure(KEY, "timeout");

        Ejection afterSuccess = awaitState(KEY, HealthState.EJECTED).ejection().orElseThrow();
        assertThat(afterSuccess.backoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(afterSuccess.streak()).isEqualTo(1);
    }

    @Test
    void timeoutsInARowEjectAndAnAnswerBetweenThemStartsTheCountOver() {
        checker.reportTimeout(KEY, "no response headers within 1s");
        checker.reportTimeout(KEY, "no response headers within 1s");
        checker.reportSuccess(KEY);
        checker.reportTimeout(KEY, "no response headers within 1s");
        checker.reportTimeout(KEY, "no response headers within 1s");
        barrier();
        assertThat(checker.view().server(KEY).orElseThrow().state()).isEqualTo(HealthState.UP);
        assertThat(checker.isFailing(KEY)).isFalse();

        checker.reportTimeout(KEY, "no response headers within 2s");

        Ejection ejection = awaitState(KEY, HealthState.EJECTED).ejection().orElseThrow();
        assertThat(ejection.reason()).isEqualTo("3 timeouts in a row, the last: no response headers within 2s");
        assertThat(checker.isFailing(KEY)).isTrue();
        awaitState(KEY, HealthState.UP);
        assertThat(checker.isFailing(KEY)).isFalse();
    }

    @Test
    void failuresWhileEjectedDoNotExtendTheEjection() {
        checker.reportFailure(KEY, "connect refused");
        checker.reportFailure(KEY, "connect refused again");
        Ejection first = awaitState(KEY, HealthState.EJECTED).ejection().orElseThrow();
        checker.reportFailure(KEY, "timeout");
        barrier();

        assertThat(checker.view().server(KEY).orElseThrow().ejection()).contains(first);
        assertThat(first.reason()).isEqualTo("connect refused");
        assertThat(counter(MicrometerHealthMetrics.EJECTIONS, "server", "a")).isEqualTo(1.0);
    }

    @Test
    void reportsAboutUnwatchedServersAreIgnored() {
        ServerKey stranger = new ServerKey("app", "unknown");

        checker.reportFailure(stranger, "connect refused");
        checker.reportTimeout(stranger, "no response headers within 1s");
        checker.reportSuccess(stranger);
        barrier();

        assertThat(checker.isFailing(stranger)).isFalse();

        assertThat(checker.view().server(stranger)).isEmpty();
        assertThat(checker.view().isUsable(stranger, Instant.now())).isTrue();
        assertThat(listener.changes()).isEmpty();
    }

    @Test
    void aDownServerThatIsEjectedStaysDownWithoutAnnouncement() {
        TestBackend backend = backend();
        backend.status(500);
        ServerKey probed = new ServerKey("app", "probed");
        watch(Set.of(new ProbeTarget(probed, backend.url(), Optional.of(Specs.withUnhealthyInterval(
                Specs.fast("/health"), Duration.ofHours(1))))));
        awaitState(probed, HealthState.DOWN);

        checker.reportFailure(probed, "connect refused");
        ServerHealth health = eventually().until(() -> checker.view().server(probed).orElseThrow(),
                h -> h.ejection().isPresent());

        assertThat(health.state()).isEqualTo(HealthState.DOWN);
        assertThat(listener.transitions(probed)).containsExactly("UNKNOWN->DOWN");
    }
}
