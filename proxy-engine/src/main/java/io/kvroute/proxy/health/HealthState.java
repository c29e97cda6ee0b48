package io.kvroute.proxy.health;

/** The health of one server as the proxy sees it. */
public enum HealthState {
    /** Actively checked, no probe has answered yet: usable until {@code fall} probes have failed. */
    UNKNOWN,
    /** Usable: the last probes passed, or the service has no active check. */
    UP,
    /** Not usable: {@code fall} consecutive probes failed; back UP after {@code rise} consecutive successes. */
    DOWN,
    /** Not usable for a backoff period after the proxy saw it fail (connect refused, timeout). */
    EJECTED;

    /** Whether the balancer may pick a server in this state. */
    public boolean isUsable() {
        return this == UNKNOWN || this == UP;
    }
}
