package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A TCP servers transport ({@code tcp/serversTransports/<name>}): how connections to the servers of the load
 * balancers naming it are made: dial timeout and keep-alive, the PROXY protocol version to send first, how long a
 * half-closed connection may stay open ({@code terminationDelay}; negative: never closed), and TLS to the servers
 * (kept verbatim).
 */
public record TcpServersTransport(String name, Duration dialTimeout, Duration dialKeepAlive,
        Optional<Integer> proxyProtocolVersion, Duration terminationDelay, Optional<RawSettings> tls) {
    /** Traefik's defaults ({@code SetDefaults}): 30s dial, 15s keep-alive, 100ms termination delay. */
    public static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_DIAL_KEEP_ALIVE = Duration.ofSeconds(15);
    public static final Duration DEFAULT_TERMINATION_DELAY = Duration.ofMillis(100);

    public TcpServersTransport {
        Names.check("name", name);
        requireNonNull(dialTimeout, "dialTimeout");
        requireNonNull(dialKeepAlive, "dialKeepAlive");
        requireNonNull(proxyProtocolVersion, "proxyProtocolVersion");
        requireNonNull(terminationDelay, "terminationDelay");
        requireNonNull(tls, "tls");
    }

    /** The transport of load balancers that name none. */
    public static TcpServersTransport defaults(String name) {
        return new TcpServersTransport(name, DEFAULT_DIAL_TIMEOUT, DEFAULT_DIAL_KEEP_ALIVE, Optional.empty(),
                DEFAULT_TERMINATION_DELAY, Optional.empty());
    }
}
