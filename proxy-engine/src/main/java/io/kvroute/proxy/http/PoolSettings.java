package io.kvroute.proxy.http;

import io.undertow.server.handlers.proxy.ConnectionPoolManager;
import java.time.Duration;

/**
 * Connection pool limits per server and IO thread. Availability is not decided here: the health checker ejects
 * servers (active probes and the connect failures the proxy client reports), so the pool itself never marks a
 * server as a problem and never stops trying.
 *
 * @param maxConnections hard limit of connections per server and IO thread
 * @param maxIdle        idle connections kept per server and IO thread
 * @param idleTtlMillis  how long an idle connection is kept before the proxy closes it (a servers transport's
 *                       {@code idleConnTimeout}); 0: until the server closes it
 * @param maxQueue       requests that wait for a connection when the limit is reached (beyond: 503)
 */
public record PoolSettings(int maxConnections, int maxIdle, long idleTtlMillis, int maxQueue)
        implements ConnectionPoolManager {

    /** Idle connections kept 90 s, Traefik's default {@code idleConnTimeout}. */
    public static final PoolSettings DEFAULT = new PoolSettings(256, 256, 90_000, 1024);

    public PoolSettings {
        if (maxConnections < 1 || maxIdle < 0 || maxIdle > maxConnections || idleTtlMillis < 0 || maxQueue < 0) {
            throw new IllegalArgumentException("pool settings: " + maxConnections + "/" + maxIdle + "/" + idleTtlMillis
                    + "/" + maxQueue + " (expected: maxConnections >= 1, 0 <= maxIdle <= maxConnections, ttl >= 0, "
                    + "queue >= 0)");
        }
    }

    /**
     * These limits with idle connections kept {@code idle} (zero or below: until the server closes them, as Go's),
     * at most {@code idleConnections} of them (capped at {@link #maxConnections}).
     */
    public PoolSettings withIdle(Duration idle, int idleConnections) {
        return new PoolSettings(maxConnections, Math.max(0, Math.min(idleConnections, maxConnections)),
                idle.isNegative() ? 0 : idle.toMillis(), maxQueue);
    }

    @Override
    public int getMaxConnections() {
        return maxConnections;
    }

    @Override
    public int getMaxCachedConnections() {
        return maxIdle;
    }

    /**
     * None: Undertow's pool never times out the idle connections below this "core" count, so any other value would
     * keep that many connections per IO thread past {@link #idleTtlMillis}.
     */
    @Override
    public int getSMaxConnections() {
        return 0;
    }

    @Override
    public long getTtl() {
        return idleTtlMillis;
    }

    @Override
    public int getMaxQueueSize() {
        return maxQueue;
    }

    @Override
    public int getProblemServerRetry() {
        return 1;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public boolean handleError() {
        return true;
    }

    @Override
    public boolean clearError() {
        return true;
    }
}
