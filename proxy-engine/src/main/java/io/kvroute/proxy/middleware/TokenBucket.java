package io.kvroute.proxy.middleware;

import com.google.errorprone.annotations.concurrent.GuardedBy;

/**
 * One source's token bucket, with the semantics of Go's {@code golang.org/x/time/rate.Limiter} as Traefik's
 * {@code rateLimit} uses it: {@code rate} tokens a second up to {@code burst}, full at the start; a request takes one
 * token, or reserves one that comes {@link #reserve(long, long) later}. Traefik reserves, then cancels a reservation
 * whose wait is too long; here both happen at once, so a refused request leaves the bucket as it found it. (Guava's
 * {@code RateLimiter} lets a request through at once and makes the next one pay for it: not Traefik's behaviour.)
 */
final class TokenBucket {
    private final double rate;
    private final int burst;
    @GuardedBy("this")
    private double tokens;
    @GuardedBy("this")
    private long last;

    /** A full bucket at {@code nowNanos}; {@code rate} is finite and positive, {@code burst} at least 1. */
    TokenBucket(double rate, int burst, long nowNanos) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /**
     * Takes one token at {@code nowNanos} and returns how long the request must wait for it (0: it was there), if
     * that wait is at most {@code maxWaitNanos}; otherwise takes nothing and returns the wait it would have had
     * (more than {@code maxWaitNanos}).
     */
    synchronized long reserve(long nowNanos, long maxWaitNanos) {
        long elapsed = Math.max(0, nowNanos - last);
        double available = Math.min(burst, tokens + elapsed / 1e9 * rate);
        double left = available - 1;
        long wait = left < 0 ? (long) (-left / rate * 1e9) : 0;
        last = Math.max(last, nowNanos);
        tokens = wait > maxWaitNanos ? available : left;
        return wait;
    }
}
