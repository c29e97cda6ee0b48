package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;

/**
 * An IPv4 or IPv6 address or CIDR range ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 192.168.1.7}) from a
 * {@code ClientIP} argument or an entry point's {@code forwardedHeaders.trustedIPs}. Addresses of the other family
 * never match; IPv4-mapped IPv6 addresses count as IPv4.
 */
public final class IpRange {
    private final byte[] network;
    private final int prefixLength;

    private IpRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses an address or range; never resolves host names.
     *
     * @throws IllegalArgumentException {@code 'text' (expected: ...)}
     */
    public static IpRange parse(String text) {
        requireNonNull(text, "text");
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (address.indexOf('%') >= 0 || !InetAddresses.isInetAddress(address)) {
            throw new IllegalArgumentException(
                    "'" + text + "' (expected: an IPv4 or IPv6 address or CIDR range)");
        }
        byte[] bytes = InetAddresses.forString(address).getAddress();
        int maxBits = bytes.length * 8;
        int prefix = maxBits;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > maxBits) {
                throw new IllegalArgumentException("'" + text + "' (expected: a prefix length from 0 to " + maxBits
                        + ")");
            }
            prefix = Integer.parseInt(bits);
        }
        return new IpRange(bytes, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (candidate[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
