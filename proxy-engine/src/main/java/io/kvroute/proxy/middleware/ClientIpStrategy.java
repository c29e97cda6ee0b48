package io.kvroute.proxy.middleware;

import com.google.common.net.InetAddresses;
import io.kvroute.proxy.routing.IpRange;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Traefik's {@code ipStrategy}: which address a middleware takes as the client's (ipAllowList, and rateLimit and
 * inFlightReq through {@code sourceCriterion}). With {@code depth} n > 0, the n-th entry from the right of the first
 * {@code X-Forwarded-For} header (none when the header has fewer); else with {@code excludedIPs}, the rightmost entry
 * of that header not in those ranges (none when all are); else the connection's peer address. {@code ipv6Subnet}
 * (1-128) maps an IPv6 address to the first address of its subnet (depth and peer strategies, as Traefik). The
 * {@code X-Forwarded-For} header seen here is what the entry point kept: a client's own header only reaches a
 * middleware when the entry point trusts the client's forwarded headers.
 */
public final class ClientIpStrategy {
    /** The peer address, no subnet mapping: Traefik's strategy when no {@code ipStrategy} is configured. */
    public static final ClientIpStrategy PEER = new ClientIpStrategy(0, List.of(), OptionalInt.empty());

    private final int depth;
    private final List<IpRange> excluded;
    private final OptionalInt ipv6Subnet;

    private ClientIpStrategy(int depth, List<IpRange> excluded, OptionalInt ipv6Subnet) {
        this.depth = depth;
        this.excluded = List.copyOf(excluded);
        this.ipv6Subnet = ipv6Subnet;
    }

    /**
     * Reads an {@code ipStrategy} section ({@code depth}, {@code excludedIPs}, {@code ipv6Subnet}); {@link #PEER}
     * when there is none.
     *
     * @throws MiddlewareException naming the setting when a depth is negative, an excluded IP is not an address or
     *     range, or the subnet is not 1-128
     */
    public static ClientIpStrategy read(Optional<MiddlewareSettings> ipStrategy) {
        if (ipStrategy.isEmpty()) {
            return PEER;
        }
        MiddlewareSettings settings = ipStrategy.get();
        int depth = settings.smallInteger("depth").orElse(0);
        if (depth < 0) {
            throw settings.invalid("depth", "0 or more");
        }
        List<IpRange> excluded = new ArrayList<>();
        for (String range : settings.strings("excludedIPs")) {
            try {
                excluded.add(IpRange.parse(range.trim()));
            } catch (IllegalArgumentException e) {
                throw settings.invalid("excludedIPs", "IPv4 or IPv6 addresses or CIDR ranges; " + e.getMessage());
            }
        }
        OptionalInt subnet = settings.smallInteger("ipv6Subnet");
        if (subnet.isPresent() && (subnet.getAsInt() <= 0 || subnet.getAsInt() > 128)
                && (depth > 0 || excluded.isEmpty())) {
            throw settings.invalid("ipv6Subnet", "1 to 128");
        }
        return new ClientIpStrategy(depth, excluded, subnet);
    }

    /** The client address this strategy selects, in canonical text form, or empty when it selects none. */
    public Optional<String> clientIp(HttpServerExchange exchange) {
        if (depth > 0) {
            String[] forwarded = forwardedFor(exchange);
            if (forwarded.length < depth) {
                return Optional.empty();
            }
            return subnet(forwarded[forwarded.length - depth].trim());
        }
        if (!excluded.isEmpty()) {
            String[] forwarded = forwardedFor(exchange);
            for (int i = forwarded.length - 1; i >= 0; i--) {
                String candidate = forwarded[i].trim();
                if (!candidate.isEmpty() && !isExcluded(candidate)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }
        return peerAddress(exchange).map(InetAddresses::toAddrString);
    }

    /**
     * The client address this strategy selects as Traefik's checker reads it (a port and an IPv6 zone of a
     * forwarded entry dropped), or empty when it selects none or the entry is not an address. The peer's address is
     * taken as it is, not formatted and parsed again.
     */
    public Optional<InetAddress> clientAddress(HttpServerExchange exchange) {
        if (depth > 0 || !excluded.isEmpty()) {
            return clientIp(exchange).flatMap(ClientIpStrategy::address);
        }
        return peerAddress(exchange);
    }

    /** The peer's address, mapped to its IPv6 subnet when one is set. */
    private Optional<InetAddress> peerAddress(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        if (peer == null || peer.getAddress() == null) {
            return Optional.empty();
        }
        InetAddress address = peer.getAddress();
        return Optional.of(ipv6Subnet.isPresent() ? subnet(address) : address);
    }

    /** The address in a client IP as Traefik's checker reads it: a port and an IPv6 zone are dropped. */
    private static Optional<InetAddress> address(String clientIp) {
        String host = clientIp;
        if (host.startsWith("[")) {
            int end = host.indexOf("]:");
            if (end < 0) {
                return Optional.empty();
            }
            host = host.substring(1, end);
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            host = host.substring(0, host.indexOf(':'));
        }
        int zone = host.indexOf('%');
        if (zone >= 0 && host.indexOf(':') >= 0) {
            host = host.substring(0, zone);
        }
        return InetAddresses.isInetAddress(host) ? Optional.of(InetAddresses.forString(host)) : Optional.empty();
    }

    private static String[] forwardedFor(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.X_FORWARDED_FOR);
        return (header == null ? "" : header).split(",", -1);
    }

    /** Traefik's checker: an entry that is not an address is never excluded. */
    private boolean isExcluded(String candidate) {
        if (!InetAddresses.isInetAddress(candidate)) {
            return false;
        }
        InetAddress address = InetAddresses.forString(candidate);
        return excluded.stream().anyMatch(range -> range.contains(address));
    }

    private Optional<String> subnet(String ip) {
        if (ipv6Subnet.isEmpty() || !InetAddresses.isInetAddress(ip)) {
            return Optional.of(ip);
        }
        InetAddress address = InetAddresses.forString(ip);
        return Optional.of(address.getAddress().length != 16 ? ip : InetAddresses.toAddrString(subnet(address)));
    }

    /** The first address of {@code address}'s IPv6 subnet; an IPv4 address as it is. */
    private InetAddress subnet(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16) {
            return address;
        }
        int bits = ipv6Subnet.getAsInt();
        for (int i = 0; i < 16; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            bytes[i] = (byte) (bytes[i] & (0xff << (8 - keep)));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("16 bytes are an IPv6 address", impossible);
        }
    }
}
