package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * Weighted round robin over other services ({@code http/services/<name>/weighted}): canary and blue-green.
 * {@code extras} keeps untyped fields such as {@code healthCheck} so they round trip.
 */
public record WeightedService(String name, List<ServiceWeight> services, Optional<StickyCookie> sticky,
        RawSettings extras) implements Service {
    public static final String TYPE = "weighted";

    public WeightedService {
        Names.check("name", name);
        services = ImmutableList.copyOf(requireNonNull(services, "services"));
        requireNonNull(sticky, "sticky");
        requireNonNull(extras, "extras");
    }

    public static WeightedService of(String name, List<ServiceWeight> services) {
        return new WeightedService(name, services, Optional.empty(), RawSettings.empty());
    }

    @Override
    public String type() {
        return TYPE;
    }
}
