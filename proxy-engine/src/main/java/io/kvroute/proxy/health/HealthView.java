package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.proxy.balancer.ServerKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * An immutable snapshot of every watched server's health, published whole by the {@link HealthChecker}; the
 * {@code version} grows by one with each publication. A server the view does not know (not yet, or no longer,
 * watched) counts as usable: health only ever removes servers from what the configuration offers.
 */
public record HealthView(long version, SortedMap<ServerKey, ServerHealth> servers) {
    private static final HealthView EMPTY = new HealthView(0, ImmutableSortedMap.of());

    public HealthView {
        servers = ImmutableSortedMap.copyOfSorted(requireNonNull(servers, "servers"));
        if (version < 0) {
            throw new IllegalArgumentException("version: " + version + " (expected: >= 0)");
        }
    }

    public static HealthView empty() {
        return EMPTY;
    }

    public Optional<ServerHealth> server(ServerKey key) {
        return Optional.ofNullable(servers.get(requireNonNull(key, "key")));
    }

    /** The servers of one service, in server id order. */
    public List<ServerHealth> service(String service) {
        requireNonNull(service, "service");
        return servers.values().stream().filter(health -> health.key().service().equals(service)).toList();
    }

    /** Whether the balancer may pick {@code key} at {@code now}; see {@link ServerHealth#isUsable(Instant)}. */
    public boolean isUsable(ServerKey key, Instant now) {
        requireNonNull(now, "now");
        ServerHealth health = servers.get(requireNonNull(key, "key"));
        return health == null || health.isUsable(now);
    }
}
