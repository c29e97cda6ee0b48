package io.kvroute.proxy.balancer;

import java.net.InetAddress;
import java.util.Optional;

/** Test helpers: requests as balancers read them. */
final class Requests {
    private Requests() {
    }

    /** A request with the one cookie {@code name=value}, from an unknown address. */
    static BalancedRequest cookie(String name, String value) {
        return request(name, value, Optional.empty());
    }

    /** A request without cookies from {@code address} (an IP literal). */
    static BalancedRequest from(String address) {
        try {
            return request("", "", Optional.of(InetAddress.getByName(address)));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("address: " + address + " (expected: an IP literal)", e);
        }
    }

    private static BalancedRequest request(String name, String value, Optional<InetAddress> address) {
        return new BalancedRequest() {
            @Override
            public Optional<String> cookie(String requested) {
                return requested.equals(name) && !name.isEmpty() ? Optional.of(value) : Optional.empty();
            }

            @Override
            public Optional<InetAddress> clientAddress() {
                return address;
            }
        };
    }
}
