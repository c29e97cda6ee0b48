package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * A passive ejection in force: until when, why (the failure the proxy reported), for how long, and which ejection in
 * a row this is (the backoff doubles with each one until a success resets the streak).
 */
public record Ejection(Instant until, String reason, Duration backoff, int streak) {
    public Ejection {
        requireNonNull(until, "until");
        requireNonNull(reason, "reason");
        requireNonNull(backoff, "backoff");
        if (streak < 1) {
            throw new IllegalArgumentException("streak: " + streak + " (expected: >= 1)");
        }
    }

    /** Whether the ejection still holds at {@code now}. */
    public boolean holdsAt(Instant now) {
        return now.isBefore(until);
    }
}
