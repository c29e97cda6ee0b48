package io.kvroute.proxy.balancer;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What a balancer reads of the request it balances: its cookies (sticky pins), the client's address
 * ({@link BalancingStrategy#HRW} keys by it).
 */
public interface BalancedRequest {
    /** A request without cookies from an unknown address. */
    BalancedRequest NONE = new BalancedRequest() {
        @Override
        public Optional<String> cookie(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<InetAddress> clientAddress() {
            return Optional.empty();
        }
    };

    /** The value of the request's cookie {@code name}, if it sent one. */
    Optional<String> cookie(String name);

    /** The address of the peer that sent the request (the TCP remote address), if known. */
    Optional<InetAddress> clientAddress();
}
