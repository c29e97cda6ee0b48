package io.kvroute.kv.rule;

import com.google.common.net.InetAddresses;
import java.util.Optional;

/** Checks a {@code ClientIP} argument: an IPv4 or IPv6 literal, or a CIDR range; never resolves names. */
final class IpRangeCheck {
    private IpRangeCheck() {
    }

    /** Why {@code value} is not an IP address or CIDR range, or empty if it is one. */
    static Optional<String> problem(String value) {
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        if (address.indexOf('%') >= 0 || !InetAddresses.isInetAddress(address)) {
            return Optional.of("'" + address + "' is not an IPv4 or IPv6 address");
        }
        if (slash < 0) {
            return Optional.empty();
        }
        String prefix = value.substring(slash + 1);
        int maxBits = address.indexOf(':') >= 0 ? 128 : 32;
        if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > maxBits) {
            return Optional.of("prefix length '" + prefix + "' is not a number from 0 to " + maxBits);
        }
        return Optional.empty();
    }
}
