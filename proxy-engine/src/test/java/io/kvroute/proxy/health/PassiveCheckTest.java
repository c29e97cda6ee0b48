package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.RawValue;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.upstream.ServerTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A service's Traefik {@code passiveHealthCheck}: its settings with Traefik's defaults, and failed attempts within the
 * window ejecting a server for the window, as Traefik's passive health checker counts them.
 */
class PassiveCheckTest extends CheckerTestSupport {
    private static final ServerKey CHECKED = new ServerKey("checked", "a");
    private static final ServerKey PLAIN = new ServerKey("plain", "a");
    private static final PassiveCheck THREE_IN_A_MINUTE = new PassiveCheck(Duration.ofMinutes(1), 3);

    @Test
    void readsTheSettingsWithTraefiksDefaults() {
        assertThat(read(Map.of())).isEmpty();
        assertThat(read(Map.of("passiveHealthCheck/maxFailedAttempts", RawValue.number(3))))
                .contains(new PassiveCheck(Duration.ofSeconds(10), 3));
        assertThat(read(Map.of("passiveHealthCheck/failureWindow", RawValue.string("1m30s"))))
                .contains(new PassiveCheck(Duration.ofSeconds(90), 1));
        assertThat(PassiveCheck.defaults()).isEqualTo(new PassiveCheck(Duration.ofSeconds(10), 1));
        assertThat(read(Map.of("passiveHealthCheck/maxFailedAttempts", RawValue.number(0))))
                .as("served by Traefik, as 1").contains(new PassiveCheck(Duration.ofSeconds(10), 0));
        assertThat(read(Map.of("passiveHealthCheck/failureWindow", RawValue.string("0s"))))
                .as("served by Traefik").contains(new PassiveCheck(Duration.ZERO, 1));
    }

    @Test
    void aValueKvrouteCannotUseIsOneReasonNamingItsKey() {
        List<String> reasons = new ArrayList<>();
        Optional<PassiveCheck> check = PassiveCheck.of(settings(Map.of(
                "passiveHealthCheck/failureWindow", RawValue.string("-1s"),
                "passiveHealthCheck/maxFailedAttempts", RawValue.number(-1))), reasons);
        assertThat(check).isEmpty();
        assertThat(reasons).containsExactlyInAnyOrder(
                "passiveHealthCheck/failureWindow: -1s (expected a duration of 0 or more, such as 10s)",
                "passiveHealthCheck/maxFailedAttempts: -1 (expected a whole number of 0 or more)");
    }

    @Test
    void theMaxFailedAttemptsThFailureWithinTheWindowEjectsForTheWindowAndAnAnswerForgetsThem() {
        watchBoth();
        checker.reportFailure(CHECKED, "connect refused");
        checker.reportServerError(CHECKED, 502);
        checker.reportSuccess(CHECKED);
        checker.reportFailure(CHECKED, "connect refused");
        checker.reportServerError(CHECKED, 503);
        barrier();
        assertThat(checker.view().server(CHECKED).orElseThrow().state()).as("two failed attempts since the answer")
                .isEqualTo(HealthState.UP);

        checker.reportServerError(CHECKED, 500);

        Ejection ejection = awaitState(CHECKED, HealthState.EJECTED).ejection().orElseThrow();
        assertThat(ejection.backoff()).as("the failureWindow, not the doubling backoff")
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(ejection.reason()).isEqualTo(
                "3 failed attempts within passiveHealthCheck's failureWindow 1m0s, the last: answered 500");
    }

    @Test
    void withoutAPassiveCheckA5xxIsAnAnswerAndAConnectFailureEjectsAtOnce() {
        watchBoth();
        for (int i = 0; i < 5; i++) {
            checker.reportServerError(PLAIN, 503);
        }
        barrier();
        assertThat(checker.view().server(PLAIN).orElseThrow().state()).isEqualTo(HealthState.UP);

        checker.reportFailure(PLAIN, "connect refused");
        assertThat(awaitState(PLAIN, HealthState.EJECTED).ejection().orElseThrow().backoff())
                .isEqualTo(SETTINGS.firstEjection());
    }

    @Test
    void zeroMaxFailedAttemptsEjectsAtTheFirstFailureAsOneDoes() {
        watchChecked(new PassiveCheck(Duration.ofMinutes(1), 0));

        checker.reportServerError(CHECKED, 502);

        assertThat(awaitState(CHECKED, HealthState.EJECTED).ejection().orElseThrow().backoff())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aZeroFailureWindowNeverKeepsTheServerOut() {
        watchChecked(new PassiveCheck(Duration.ZERO, 1));

        for (int i = 0; i < 3; i++) {
            checker.reportFailure(CHECKED, "connect refused");
            checker.reportServerError(CHECKED, 503);
        }
        barrier();

        assertThat(checker.view().server(CHECKED).orElseThrow().state()).isEqualTo(HealthState.UP);
        assertThat(checker.view().server(CHECKED).orElseThrow().ejection()).as("not even for no time").isEmpty();
    }

    @Test
    void keepsNoMoreFailedAttemptsThanMaxFailedAttempts() {
        FailedAttempts attempts = new FailedAttempts(THREE_IN_A_MINUTE);
        for (int i = 0; i < 10; i++) {
            attempts.failed(i);
        }
        assertThat(attempts.kept()).isEqualTo(3);
        assertThat(attempts.failed(10)).isEqualTo(3);

        FailedAttempts zero = new FailedAttempts(new PassiveCheck(Duration.ofMinutes(1), 0));
        assertThat(zero.failed(0)).isEqualTo(1);
        assertThat(zero.failed(1)).isEqualTo(1);
        assertThat(zero.kept()).isEqualTo(1);
    }

    private void watchChecked(PassiveCheck check) {
        watch(Set.of(new ProbeTarget(CHECKED, "http://127.0.0.1:8081", Optional.empty(), ServerTls.jdkDefault(), true,
                Optional.of(check))));
        awaitWatched(CHECKED);
    }

    private void watchBoth() {
        watch(Set.of(new ProbeTarget(CHECKED, "http://127.0.0.1:8081", Optional.empty(), ServerTls.jdkDefault(), true,
                Optional.of(THREE_IN_A_MINUTE)), new ProbeTarget(PLAIN, "http://127.0.0.1:8082", Optional.empty())));
        awaitWatched(CHECKED);
        awaitWatched(PLAIN);
    }

    private static Optional<PassiveCheck> read(Map<String, RawValue> values) {
        List<String> reasons = new ArrayList<>();
        Optional<PassiveCheck> check = PassiveCheck.of(settings(values), reasons);
        assertThat(reasons).isEmpty();
        return check;
    }

    private static RawSettings settings(Map<String, RawValue> values) {
        return new RawSettings(new TreeMap<>(values), new TreeSet<>());
    }
}
