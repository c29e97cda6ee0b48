package io.kvroute.proxy.udp;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A UDP entry point ({@code --entrypoints.NAME.address=:PORT/udp}): where it listens and how long a session may stay
 * idle before it is closed ({@code --entrypoints.NAME.udp.timeout}, Traefik's default {@link #DEFAULT_TIMEOUT}).
 */
public record UdpEntryPoint(InetSocketAddress address, Duration timeout) {
    /** Traefik's {@code udp.timeout} default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    public UdpEntryPoint {
        requireNonNull(address, "address");
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("udp.timeout: " + timeout + " (expected: > 0)");
        }
    }
}
