package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.discovery.BuildSettings;
import io.kvroute.agent.registration.LeaseTiming;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Everything a running agent is told by its command line ({@code kvroute agent}, see CLI.md), grouped: each group
 * checks its own values once, with one line naming the flag and what was expected.
 *
 * @param node          {@code --node-name}: owns the server ids {@code <node>--...}; checked by the settings it
 *                      reaches ({@link io.kvroute.kv.layout.ServerId#requireNodeName})
 * @param keys          {@code --layout} and {@code --prefix}: where the keys are written
 * @param discovery     what is published: Docker's containers, the services file
 * @param lease         {@code --ttl} and {@code --reconcile-interval}
 * @param drainGrace    {@code --drain-grace}: how long drained servers stay (weight 0) before their keys go
 * @param healthAddress {@code --health.address}: where {@code /health} and {@code /metrics} listen (port 0: any
 *                      free port)
 */
public record AgentSettings(String node, KeyDestination keys, DiscoverySources discovery, LeaseTiming lease,
        Duration drainGrace, InetSocketAddress healthAddress) {

    public AgentSettings {
        requireNonNull(node, "node");
        requireNonNull(keys, "keys");
        requireNonNull(discovery, "discovery");
        requireNonNull(lease, "lease");
        requireNonNull(drainGrace, "drainGrace");
        requireNonNull(healthAddress, "healthAddress");
        if (drainGrace.isNegative()) {
            throw new IllegalArgumentException("--drain-grace: " + drainGrace.toMillis() + "ms (expected: >= 0s)");
        }
    }

    /** Where {@code DeclarationEncoder} writes. */
    public BuildSettings buildSettings() {
        return keys.buildSettings(node);
    }
}
