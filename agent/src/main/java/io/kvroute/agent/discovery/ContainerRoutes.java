package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.model.HttpConfig;
import java.util.Map;
import java.util.SortedMap;

/**
 * What a container's metadata declares before addresses are known: routers, services (load balancers still without
 * servers) and middlewares, and for each load-balanced service how the container serves it.
 */
record ContainerRoutes(HttpConfig config, SortedMap<String, ServerSpec> servers) {
    ContainerRoutes {
        requireNonNull(config, "config");
        servers = ImmutableSortedMap.copyOf(requireNonNull(servers, "servers"));
    }

    static ContainerRoutes of(HttpConfig config, Map<String, ServerSpec> servers) {
        return new ContainerRoutes(config, ImmutableSortedMap.copyOf(servers));
    }
}
