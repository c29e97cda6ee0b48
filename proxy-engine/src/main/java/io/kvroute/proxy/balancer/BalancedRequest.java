package io.kvroute.proxy.balancer;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What a balancer reads of the request it balances: its cookies (sticky pins), the client's address
 * ({@link BalancingStrategy#HRW} keys by it), and which failovers' main services already answered it with a status
 * that sends it to their fallbacks.
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

    /**
     * Whether the main service of {@code failover} already answered this request with one of its {@code errors}
     * statuses, so that the request now goes to its fallback; false for a request not sent yet.
     */
    default boolean fellBack(FailoverBalancer failover) {
        return false;
    }
}
