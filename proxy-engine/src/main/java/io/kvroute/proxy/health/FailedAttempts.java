package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One server's failed attempts under its service's {@link PassiveCheck}, as Traefik's passive health checker counts
 * them: each failure is noted with its time, failures older than the window are dropped, and an answer forgets them
 * all; at most the {@code maxFailedAttempts} latest are kept, all that decide. Under a window of 0 nothing is kept, as
 * nothing ejects ({@link PassiveCheck#ejects()}). Written by I/O threads; one small monitor per server.
 */
final class FailedAttempts {
    private final PassiveCheck check;
    @GuardedBy("this")
    private final Deque<Long> failedAtNanos = new ArrayDeque<>();

    FailedAttempts(PassiveCheck check) {
        this.check = requireNonNull(check, "check");
    }

    PassiveCheck check() {
        return check;
    }

    /**
     * Notes a failed attempt at {@code nowNanos} ({@link System#nanoTime()}); returns how many failed within the
     * window up to now when that reaches {@code maxFailedAttempts} (the server is to be ejected), else 0.
     */
    synchronized int failed(long nowNanos) {
        if (!check.ejects()) {
            return 0;
        }
        long windowStart = nowNanos - check.failureWindow().toNanos();
        while (!failedAtNanos.isEmpty() && (failedAtNanos.peekFirst() - windowStart <= 0
                || failedAtNanos.size() >= check.attemptsToEject())) {
            failedAtNanos.pollFirst();
        }
        failedAtNanos.addLast(nowNanos);
        return failedAtNanos.size() >= check.attemptsToEject() ? failedAtNanos.size() : 0;
    }

    /** How many failed attempts are kept: those within the window, at most {@code maxFailedAttempts}. */
    synchronized int kept() {
        return failedAtNanos.size();
    }

    /** The server answered: its failed attempts are forgotten. */
    synchronized void answered() {
        failedAtNanos.clear();
    }
}
