package io.kvroute.kv.testing.consul;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/** One emulated Consul session: what {@code /v1/session/create} was given, and its index. */
record EmulatedSession(String id, String name, String node, String behavior, Optional<Duration> ttl,
        Duration lockDelay, long createIndex) {
    EmulatedSession {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(node, "node");
        requireNonNull(behavior, "behavior");
        requireNonNull(ttl, "ttl");
        requireNonNull(lockDelay, "lockDelay");
    }

    boolean deletesKeys() {
        return behavior.equals("delete");
    }

    EmulatedSession renumbered(long index) {
        return new EmulatedSession(id, name, node, behavior, ttl, lockDelay, index);
    }
}
