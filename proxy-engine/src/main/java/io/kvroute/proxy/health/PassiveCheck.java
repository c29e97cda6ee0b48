package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.RawValue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A service's Traefik {@code loadBalancer/passiveHealthCheck}: {@code maxFailedAttempts} failed attempts on one
 * server within {@code failureWindow} eject that server for {@code failureWindow}. A failed attempt is a request the
 * server never took (the connect failed) or answered with a status of 500 or more; any other answer forgets the
 * server's failed attempts. Traefik's defaults: 10 s, 1 attempt. As in Traefik, {@code maxFailedAttempts} 0 ejects at
 * the first failed attempt, as 1 does, and a {@code failureWindow} of 0 never keeps a server out (Traefik's
 * ejection for the window ends at once).
 */
public record PassiveCheck(Duration failureWindow, int maxFailedAttempts) {
    static final String KEY = "passiveHealthCheck";
    private static final String FAILURE_WINDOW = KEY + "/failureWindow";
    private static final String MAX_FAILED_ATTEMPTS = KEY + "/maxFailedAttempts";

    public PassiveCheck {
        requireNonNull(failureWindow, "failureWindow");
        if (failureWindow.isNegative()) {
            throw new IllegalArgumentException("failureWindow: " + failureWindow + " (expected: >= 0)");
        }
        if (maxFailedAttempts < 0) {
            throw new IllegalArgumentException("maxFailedAttempts: " + maxFailedAttempts + " (expected: >= 0)");
        }
    }

    /** How many failed attempts within the window eject a server: {@code maxFailedAttempts}, 0 counting as 1. */
    int attemptsToEject() {
        return Math.max(1, maxFailedAttempts);
    }

    /** Whether failed attempts eject a server at all: not with a window of 0, whose ejection would end at once. */
    boolean ejects() {
        return !failureWindow.isZero();
    }

    /** Traefik's {@code SetDefaults}: a window of 10 s, one failed attempt. */
    public static PassiveCheck defaults() {
        return new PassiveCheck(Duration.ofSeconds(10), 1);
    }

    /**
     * The {@code passiveHealthCheck} of a load balancer's settings kvroute does not type ({@code extras}), if it sets
     * one; a value kvroute cannot use adds a reason naming its key and gives none.
     */
    public static Optional<PassiveCheck> of(RawSettings extras, List<String> reasons) {
        if (extras.values().keySet().stream().noneMatch(path -> path.equals(KEY) || path.startsWith(KEY + "/"))) {
            return Optional.empty();
        }
        PassiveCheck defaults = defaults();
        Duration window = defaults.failureWindow();
        int attempts = defaults.maxFailedAttempts();
        int before = reasons.size();
        for (var entry : extras.values().entrySet()) {
            String path = entry.getKey();
            RawValue value = entry.getValue();
            if (path.equals(FAILURE_WINDOW)) {
                window = window(value, reasons).orElse(window);
            } else if (path.equals(MAX_FAILED_ATTEMPTS)) {
                attempts = attempts(value, reasons).orElse(attempts);
            } else if (path.startsWith(KEY + "/")) {
                reasons.add(path + " is not a passiveHealthCheck setting (expected failureWindow, maxFailedAttempts)");
            }
        }
        return reasons.size() == before ? Optional.of(new PassiveCheck(window, attempts)) : Optional.empty();
    }

    private static Optional<Duration> window(RawValue value, List<String> reasons) {
        try {
            Duration window = GoDuration.parseDuration(value.text());
            if (!window.isNegative()) {
                return Optional.of(window);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the reason below
        }
        reasons.add(FAILURE_WINDOW + ": " + value.text() + " (expected a duration of 0 or more, such as 10s)");
        return Optional.empty();
    }

    private static Optional<Integer> attempts(RawValue value, List<String> reasons) {
        try {
            int attempts = Integer.parseInt(value.text());
            if (attempts >= 0) {
                return Optional.of(attempts);
            }
        } catch (NumberFormatException e) {
            // falls through to the reason below
        }
        reasons.add(MAX_FAILED_ATTEMPTS + ": " + value.text() + " (expected a whole number of 0 or more)");
        return Optional.empty();
    }
}
