package io.kvroute.agent.docker;

import io.kvroute.kv.store.Backoff;
import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a {@link DockerWatch} behaves when the engine goes away.
 *
 * @param backoff      delays between reconnect attempts
 * @param pingInterval how often an idle event stream is checked with a ping (an idle stream cannot tell a quiet
 *                     engine from a dead TCP peer)
 */
public record WatchSettings(Backoff backoff, Duration pingInterval) {
    /** Production default: 200 ms doubling to 30 s with jitter, a ping every 10 s. */
    public static final WatchSettings DEFAULT = new WatchSettings(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30)), Duration.ofSeconds(10));

    public WatchSettings {
        requireNonNull(backoff, "backoff");
        requireNonNull(pingInterval, "pingInterval");
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("pingInterval: " + pingInterval + " (expected: > 0)");
        }
    }
}
