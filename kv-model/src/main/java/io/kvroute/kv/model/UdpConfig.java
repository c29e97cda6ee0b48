package io.kvroute.kv.model;

import com.google.common.collect.ImmutableSortedMap;
import java.util.SortedMap;

/** One provider's UDP dynamic configuration ({@code udp}): routers and services by name. */
public record UdpConfig(SortedMap<String, UdpRouter> routers, SortedMap<String, UdpService> services) {
    private static final UdpConfig EMPTY = new UdpConfig(ImmutableSortedMap.of(), ImmutableSortedMap.of());

    public UdpConfig {
        routers = ImmutableSortedMap.copyOfSorted(routers);
        services = ImmutableSortedMap.copyOfSorted(services);
    }

    public static UdpConfig empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return routers.isEmpty() && services.isEmpty();
    }
}
