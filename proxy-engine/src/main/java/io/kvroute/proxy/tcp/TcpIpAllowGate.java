package io.kvroute.proxy.tcp;

import io.kvroute.proxy.routing.IpRange;
import java.net.InetAddress;
import java.util.List;

/** TCP {@code ipAllowList} (and its old name {@code ipWhiteList}): only clients in one of the ranges get in. */
final class TcpIpAllowGate implements TcpGate {
    private final String name;
    private final List<IpRange> ranges;

    /** @throws IllegalArgumentException naming a source range that is no IP address or CIDR range */
    TcpIpAllowGate(String name, List<String> sourceRange) {
        this.name = name;
        this.ranges = sourceRange.stream().map(IpRange::parse).toList();
    }

    @Override
    public boolean enter(InetAddress client) {
        for (IpRange range : ranges) {
            if (range.contains(client)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void leave(InetAddress client) {
    }

    @Override
    public String refusal() {
        return "client not in the source ranges of middleware " + name;
    }
}
