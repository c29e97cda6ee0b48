package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.proxy.balancer.ServerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The health rules as pure transitions (rise 3, fall 3, ejections of 1s up to 4s). */
class ServerHealthTest {
    private static final HealthSettings SETTINGS = new HealthSettings(3, 3, Duration.ofSeconds(1),
            Duration.ofSeconds(4));
    private static final ServerKey KEY = new ServerKey("app", "a");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ServerHealth probed() {
        return ServerHealth.initial(KEY, "http://127.0.0.1:8081", true, T0);
    }

    private static ServerHealth apply(ServerHealth health, boolean... passes) {
        ServerHealth current = health;
        for (int i = 0; i < passes.length; i++) {
            Instant at = T0.plusSeconds(i + 1);
            ProbeResult result = passes[i] ? ProbeResult.passed(at, 200, Duration.ofMillis(3))
                    : ProbeResult.failed(at, OptionalInt.of(500), "status 500", Duration.ofMillis(3));
            current = current.afterProbe(result, SETTINGS, at);
        }
        return current;
    }

    @Test
    void aProbedServerStartsUnknownAndUsable() {
        ServerHealth health = probed();

        assertThat(health.state()).isEqualTo(HealthState.UNKNOWN);
        assertThat(health.isUsable(T0)).isTrue();
        assertThat(health.since()).isEqualTo(T0);
    }

    @Test
    void anUnprobedServerIsUp() {
        assertThat(ServerHealth.initial(KEY, "http://x", false, T0).state()).isEqualTo(HealthState.UP);
    }

    @Test
    void theFirstPassedProbeMakesAnUnknownServerUp() {
        ServerHealth health = apply(probed(), true);

        assertThat(health.state()).isEqualTo(HealthState.UP);
        assertThat(health.since()).isEqualTo(T0.plusSeconds(1));
        assertThat(health.consecutiveSuccesses()).isEqualTo(1);
    }

    @Test
    void fallFailedProbesInARowMakeItDown() {
        assertThat(apply(probed(), false, false).state()).isEqualTo(HealthState.UNKNOWN);
        assertThat(apply(probed(), true, false, false).state()).isEqualTo(HealthState.UP);
        assertThat(apply(probed(), true, false, false, true, false, false).state()).isEqualTo(HealthState.UP);

        ServerHealth down = apply(probed(), true, false, false, false);

        assertThat(down.state()).isEqualTo(HealthState.DOWN);
        assertThat(down.since()).isEqualTo(T0.plusSeconds(4));
        assertThat(down.consecutiveFailures()).isEqualTo(3);
        assertThat(down.isUsable(T0.plusSeconds(4))).isFalse();
    }

    @Test
    void risePassedProbesInARowBringItBackUp() {
        ServerHealth down = apply(probed(), false, false, false);

        assertThat(apply(down, true, true).state()).isEqualTo(HealthState.DOWN);
        assertThat(apply(down, true, true, false, true, true).state()).isEqualTo(HealthState.DOWN);
        ServerHealth up = apply(down, true, true, true);
        assertThat(up.state()).isEqualTo(HealthState.UP);
        assertThat(up.since()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void sinceMovesOnlyWithTheState() {
        ServerHealth up = apply(probed(), true, true, false, true);

        assertThat(up.since()).isEqualTo(T0.plusSeconds(1));
        assertThat(up.lastProbe().orElseThrow().at()).isEqualTo(T0.plusSeconds(4));
    }

    @Test
    void anEjectionHidesAnUsableServerButNotADownOne() {
        ServerHealth ejected = apply(probed(), true).ejected("connect refused", SETTINGS, T0.plusSeconds(10));

        assertThat(ejected.state()).isEqualTo(HealthState.EJECTED);
        assertThat(ejected.since()).isEqualTo(T0.plusSeconds(10));
        assertThat(ejected.isUsable(T0.plusSeconds(10))).isFalse();
        assertThat(ejected.isUsable(T0.plusSeconds(11))).isTrue();
        assertThat(ejected.ejectionEnded(T0.plusSeconds(11)).state()).isEqualTo(HealthState.UP);

        ServerHealth down = apply(probed(), false, false, false).ejected("timeout", SETTINGS, T0.plusSeconds(10));
        assertThat(down.state()).isEqualTo(HealthState.DOWN);
        assertThat(down.since()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void ejectionsInARowDoubleAndAnySuccessResetsTheStreak() {
        ServerHealth health = probed();
        for (int seconds : new int[] {1, 2, 4, 4}) {
            ServerHealth ejected = health.ejected("timeout", SETTINGS, T0);
            assertThat(ejected.ejection().orElseThrow().backoff()).isEqualTo(Duration.ofSeconds(seconds));
            health = ejected.ejectionEnded(T0);
        }
        Ejection fifth = health.ejected("timeout", SETTINGS, T0).ejection().orElseThrow();
        assertThat(fifth.backoff()).isEqualTo(Duration.ofSeconds(4));
        assertThat(fifth.streak()).isEqualTo(5);

        assertThat(health.passiveSuccess().ejectionStreak()).isZero();
        assertThat(apply(health, true).ejectionStreak()).isZero();
        assertThat(apply(health, false).ejectionStreak()).isEqualTo(4);
    }

    @Test
    void losingTheActiveCheckMakesADownServerUp() {
        ServerHealth down = apply(probed(), false, false, false);

        ServerHealth unchecked = down.withoutActiveCheck(T0.plusSeconds(9));

        assertThat(unchecked.state()).isEqualTo(HealthState.UP);
        assertThat(unchecked.since()).isEqualTo(T0.plusSeconds(9));
        assertThat(unchecked.activelyChecked()).isFalse();
        assertThat(unchecked.withActiveCheck(T0.plusSeconds(10)).state()).isEqualTo(HealthState.UP);
    }

    @Test
    void rejectsImpossibleStates() {
        assertThatThrownBy(() -> new ServerHealth(KEY, "http://x", true, HealthState.EJECTED, T0, Optional.empty(),
                0, 0, Optional.empty(), 0))
                .hasMessage("probeState: EJECTED (expected: UNKNOWN, UP or DOWN)");
        assertThatThrownBy(() -> new ServerHealth(KEY, "http://x", false, HealthState.DOWN, T0, Optional.empty(),
                0, 0, Optional.empty(), 0))
                .hasMessage("probeState: DOWN without an active check (expected: UP)");
        assertThatThrownBy(() -> new ServerHealth(KEY, "http://x", true, HealthState.UP, T0, Optional.empty(),
                -1, 0, Optional.empty(), 0))
                .hasMessage("counters of app/a: -1/0/0 (expected: >= 0)");
    }
}
