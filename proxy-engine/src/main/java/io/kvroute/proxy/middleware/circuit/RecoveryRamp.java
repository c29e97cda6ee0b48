package io.kvroute.proxy.middleware.circuit;

/**
 * Which requests pass while a breaker recovers, as oxy's {@code ratioController}: the share of requests let through
 * grows linearly from 0 to one half over the recovery duration; a request passes when letting it through keeps the
 * share passed so far below that target. Not thread-safe: used under the breaker's lock.
 */
final class RecoveryRamp {
    private final long startNanos;
    private final long durationNanos;
    private long allowed;
    private long denied;

    RecoveryRamp(long startNanos, long durationNanos) {
        this.startNanos = startNanos;
        this.durationNanos = durationNanos;
    }

    boolean allows(long nowNanos) {
        double target = 0.5 / durationNanos * (nowNanos - startNanos);
        double ifAllowed = (double) (allowed + 1) / (allowed + 1 + denied);
        if (ifAllowed < target) {
            allowed++;
            return true;
        }
        denied++;
        return false;
    }
}
