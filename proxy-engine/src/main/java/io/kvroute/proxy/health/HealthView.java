package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.proxy.balancer.ServerKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * An immutable snapshot of every watched server's health, published whole by the {@link HealthChecker}; the
 * {@code version} grows by one with each publication. It is kept per service ({@code services}: each service's
 * servers by key, no empty one), so the next view shares every service whose servers did not change and a change of
 * one server copies its service, not every server. A server the view does not know (not yet, or no longer, watched)
 * counts as usable: health only ever removes servers from what the configuration offers.
 */
public record HealthView(long version, ImmutableMap<String, ImmutableSortedMap<ServerKey, ServerHealth>> services) {
    private static final HealthView EMPTY = new HealthView(0, ImmutableMap.of());

    public HealthView {
        requireNonNull(services, "services");
        if (version < 0) {
            throw new IllegalArgumentException("version: " + version + " (expected: >= 0)");
        }
    }

    public static HealthView empty() {
        return EMPTY;
    }

    /** A view of {@code servers}, grouped by service. */
    public static HealthView of(long version, Map<ServerKey, ServerHealth> servers) {
        Map<String, ImmutableSortedMap.Builder<ServerKey, ServerHealth>> byService = new HashMap<>();
        servers.forEach((key, health) -> byService.computeIfAbsent(key.service(),
                service -> ImmutableSortedMap.naturalOrder()).put(key, health));
        ImmutableMap.Builder<String, ImmutableSortedMap<ServerKey, ServerHealth>> services =
                ImmutableMap.builderWithExpectedSize(byService.size());
        byService.forEach((service, builder) -> services.put(service, builder.build()));
        return new HealthView(version, services.build());
    }

    public Optional<ServerHealth> server(ServerKey key) {
        return Optional.ofNullable(find(requireNonNull(key, "key")));
    }

    /** The servers of one service, in server id order. */
    public List<ServerHealth> service(String service) {
        ImmutableSortedMap<ServerKey, ServerHealth> servers = services.get(requireNonNull(service, "service"));
        return servers == null ? List.of() : servers.values().asList();
    }

    /** Every server in key order: a copy of the whole view, for readers that want all of it at once. */
    public SortedMap<ServerKey, ServerHealth> servers() {
        ImmutableSortedMap.Builder<ServerKey, ServerHealth> all = ImmutableSortedMap.naturalOrder();
        services.values().forEach(all::putAll);
        return all.build();
    }

    /** Whether the balancer may pick {@code key} at {@code now}; see {@link ServerHealth#isUsable(Instant)}. */
    public boolean isUsable(ServerKey key, Instant now) {
        requireNonNull(now, "now");
        ServerHealth health = find(requireNonNull(key, "key"));
        return health == null || health.isUsable(now);
    }

    private ServerHealth find(ServerKey key) {
        ImmutableSortedMap<ServerKey, ServerHealth> servers = services.get(key.service());
        return servers == null ? null : servers.get(key);
    }
}
