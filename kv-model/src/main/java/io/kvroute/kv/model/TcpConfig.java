package io.kvroute.kv.model;

import com.google.common.collect.ImmutableSortedMap;
import java.util.SortedMap;

/**
 * One provider's TCP dynamic configuration ({@code tcp}): routers, services, middlewares and servers transports by
 * name. Entities with problems stay; consumers exclude those with errors.
 */
public record TcpConfig(SortedMap<String, TcpRouter> routers, SortedMap<String, TcpService> services,
        SortedMap<String, TcpMiddleware> middlewares, SortedMap<String, TcpServersTransport> serversTransports) {
    private static final TcpConfig EMPTY = new TcpConfig(ImmutableSortedMap.of(), ImmutableSortedMap.of(),
            ImmutableSortedMap.of(), ImmutableSortedMap.of());

    public TcpConfig {
        routers = ImmutableSortedMap.copyOfSorted(routers);
        services = ImmutableSortedMap.copyOfSorted(services);
        middlewares = ImmutableSortedMap.copyOfSorted(middlewares);
        serversTransports = ImmutableSortedMap.copyOfSorted(serversTransports);
    }

    public static TcpConfig empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return routers.isEmpty() && services.isEmpty() && middlewares.isEmpty() && serversTransports.isEmpty();
    }
}
