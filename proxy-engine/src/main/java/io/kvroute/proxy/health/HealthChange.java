package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Secrets;
import io.kvroute.proxy.balancer.ServerKey;
import java.time.Instant;
import java.util.Optional;

/** One transition of a server's {@link HealthState}, with the reason in words. */
public record HealthChange(ServerKey key, String url, HealthState from, HealthState to, Instant at, String reason) {
    public HealthChange {
        requireNonNull(key, "key");
        requireNonNull(url, "url");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(at, "at");
        requireNonNull(reason, "reason");
        if (from == to) {
            throw new IllegalArgumentException("to: " + to + " (expected: a state other than from)");
        }
    }

    /** The change from {@code before} to {@code after} of one server, if their states differ. */
    static Optional<HealthChange> between(ServerHealth before, ServerHealth after, String reason) {
        if (before.state() == after.state()) {
            return Optional.empty();
        }
        return Optional.of(new HealthChange(after.key(), after.url(), before.state(), after.state(), after.since(),
                reason));
    }

    /**
     * The log line, e.g. {@code server http://127.0.0.1:8081 of service app DOWN after 2 failed probes: ...}, with
     * URL credentials hidden.
     */
    public String describe() {
        return Secrets.hideUrlCredentials("server " + url + " of service " + key.service() + " " + to + " " + reason);
    }
}
