package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.ServerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The health of one server at one moment: the verdict of the active probes ({@code probeState}: UNKNOWN, UP or
 * DOWN), the passive ejection in force if any, and the evidence behind them. {@link #state()} combines the two;
 * {@code since} is when that combined state last changed.
 *
 * <p>The transition methods are the health rules: a server with an active check starts UNKNOWN (usable); its first
 * passed probe makes it UP; {@code fall} failed probes in a row make it DOWN; {@code rise} passed probes in a row bring
 * a DOWN server back UP. Any success (probe or proxied request) resets the ejection streak.
 */
public record ServerHealth(
        ServerKey key,
        String url,
        boolean activelyChecked,
        HealthState probeState,
        Instant since,
        Optional<ProbeResult> lastProbe,
        int consecutiveSuccesses,
        int consecutiveFailures,
        Optional<Ejection> ejection,
        int ejectionStreak) {
    public ServerHealth {
        requireNonNull(key, "key");
        requireNonNull(url, "url");
        requireNonNull(probeState, "probeState");
        requireNonNull(since, "since");
        requireNonNull(lastProbe, "lastProbe");
        requireNonNull(ejection, "ejection");
        if (probeState == HealthState.EJECTED) {
            throw new IllegalArgumentException("probeState: EJECTED (expected: UNKNOWN, UP or DOWN)");
        }
        if (!activelyChecked && probeState != HealthState.UP) {
            throw new IllegalArgumentException(
                    "probeState: " + probeState + " without an active check (expected: UP)");
        }
        if (consecutiveSuccesses < 0 || consecutiveFailures < 0 || ejectionStreak < 0) {
            throw new IllegalArgumentException("counters of " + key + ": " + consecutiveSuccesses + "/"
                    + consecutiveFailures + "/" + ejectionStreak + " (expected: >= 0)");
        }
    }

    /** A newly seen server: UNKNOWN when actively checked, else UP. */
    static ServerHealth initial(ServerKey key, String url, boolean activelyChecked, Instant now) {
        return new ServerHealth(key, url, activelyChecked, activelyChecked ? HealthState.UNKNOWN : HealthState.UP,
                now, Optional.empty(), 0, 0, Optional.empty(), 0);
    }

    /** The combined state: DOWN wins over an ejection, an ejection wins over UNKNOWN and UP. */
    public HealthState state() {
        if (probeState != HealthState.DOWN && ejection.isPresent()) {
            return HealthState.EJECTED;
        }
        return probeState;
    }

    /**
     * Whether the balancer may pick this server at {@code now}: not DOWN, and no ejection holding at {@code now}
     * (an ejection whose time has passed no longer counts, even before the checker has published its end).
     */
    public boolean isUsable(Instant now) {
        return probeState != HealthState.DOWN && ejection.map(e -> !e.holdsAt(now)).orElse(true);
    }

    ServerHealth afterProbe(ProbeResult result, HealthSettings settings, Instant now) {
        if (result.healthy()) {
            int successes = consecutiveSuccesses + 1;
            HealthState next = probeState == HealthState.DOWN && successes < settings.rise()
                    ? HealthState.DOWN : HealthState.UP;
            return copy(activelyChecked, next, Optional.of(result), successes, 0, ejection, 0, now);
        }
        int failures = consecutiveFailures + 1;
        HealthState next = failures >= settings.fall() ? HealthState.DOWN : probeState;
        return copy(activelyChecked, next, Optional.of(result), 0, failures, ejection, ejectionStreak, now);
    }

    /** The service lost its active check: UP for the active side, counters cleared. */
    ServerHealth withoutActiveCheck(Instant now) {
        return copy(false, HealthState.UP, lastProbe, 0, 0, ejection, ejectionStreak, now);
    }

    /** The service gained (or changed) its active check: the verdict stays, the counters start over. */
    ServerHealth withActiveCheck(Instant now) {
        return copy(true, probeState, lastProbe, 0, 0, ejection, ejectionStreak, now);
    }

    ServerHealth ejected(String reason, HealthSettings settings, Instant now) {
        return ejected(reason, settings.ejectionBackoff(ejectionStreak + 1), now);
    }

    /** Ejected for {@code backoff} whatever its streak (a service's {@link PassiveCheck} window). */
    ServerHealth ejected(String reason, Duration backoff, Instant now) {
        int streak = ejectionStreak + 1;
        Ejection next = new Ejection(now.plus(backoff), reason, backoff, streak);
        return copy(activelyChecked, probeState, lastProbe, consecutiveSuccesses, consecutiveFailures,
                Optional.of(next), streak, now);
    }

    ServerHealth ejectionEnded(Instant now) {
        return copy(activelyChecked, probeState, lastProbe, consecutiveSuccesses, consecutiveFailures,
                Optional.empty(), ejectionStreak, now);
    }

    /** A proxied request succeeded: the next ejection starts again from the first backoff. */
    ServerHealth passiveSuccess() {
        return new ServerHealth(key, url, activelyChecked, probeState, since, lastProbe, consecutiveSuccesses,
                consecutiveFailures, ejection, 0);
    }

    private ServerHealth copy(boolean checked, HealthState nextProbeState, Optional<ProbeResult> probe,
            int successes, int failures, Optional<Ejection> nextEjection, int streak, Instant now) {
        ServerHealth next = new ServerHealth(key, url, checked, nextProbeState, since, probe, successes, failures,
                nextEjection, streak);
        if (next.state() == state()) {
            return next;
        }
        return new ServerHealth(key, url, checked, nextProbeState, now, probe, successes, failures, nextEjection,
                streak);
    }
}
