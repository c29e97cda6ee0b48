package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.proxy.upstream.UpstreamTransport;
import java.time.Duration;
import java.util.Optional;

/**
 * How long the proxy waits on servers where a service's own servers transport says nothing.
 *
 * @param defaultTransport the timeouts of Traefik's static default transport ({@code --serversTransport.*}), for
 *                         services that name no transport or {@code default@internal}
 * @param passiveTimeout   kvroute's own limit for passive health, used where the transport has no
 *                         {@code responseHeaderTimeout} (Traefik's default: none): a request whose response headers
 *                         have not come within it counts as a timeout of its server, and is ended (504, or retried
 *                         elsewhere) once that server is DOWN or ejected; zero turns it off
 * @param timeoutsToEject  timeouts in a row that eject a server
 */
public record ForwardingPolicy(ForwardingTimeouts defaultTransport, Duration passiveTimeout, int timeoutsToEject) {
    public static final Duration DEFAULT_PASSIVE_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_TIMEOUTS_TO_EJECT = 3;
    /** Traefik's default transport (dial 30s, no response header timeout, idle 90s), 15s passive, 3 in a row. */
    public static final ForwardingPolicy DEFAULT = new ForwardingPolicy(ForwardingTimeouts.TRAEFIK_DEFAULTS,
            DEFAULT_PASSIVE_TIMEOUT, DEFAULT_TIMEOUTS_TO_EJECT);

    public ForwardingPolicy {
        requireNonNull(defaultTransport, "defaultTransport");
        requireNonNull(passiveTimeout, "passiveTimeout");
        if (passiveTimeout.isNegative()) {
            throw new IllegalArgumentException("passive timeout: " + GoDuration.format(passiveTimeout)
                    + " (expected: >= 0, 0 turns it off)");
        }
        if (timeoutsToEject < 1) {
            throw new IllegalArgumentException("timeouts to eject: " + timeoutsToEject + " (expected: >= 1)");
        }
    }

    /** The transport a request to a server gets: its service's {@code named} one, else the static default one. */
    UpstreamTransport transport(Optional<UpstreamTransport> named) {
        return named.orElseGet(() -> UpstreamTransport.staticDefault(defaultTransport));
    }
}
