package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.ForwardingTimeouts;
import io.kvroute.kv.model.LoadBalancerService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one pick: the server to send the request to, whether its service passes the client's Host header,
 * the timeouts of its service's servers transport (empty: the proxy's default transport), the sticky cookies to
 * set on the response (none when the request's pins were valid; outermost weighted service first), how often the
 * response is flushed to the client ({@code responseForwarding.flushInterval}), the mirrors that get a copy of the
 * request once it is answered, and the request's count on its server while in flight (p2c).
 */
public record Pick(BalancedServer server, boolean passHostHeader, Optional<ForwardingTimeouts> timeouts,
        List<StickyPin> cookiesToSet, Duration flushInterval, List<MirrorCopy> mirrors, InFlightRequest inFlight) {
    public Pick {
        requireNonNull(server, "server");
        requireNonNull(timeouts, "timeouts");
        cookiesToSet = List.copyOf(cookiesToSet);
        requireNonNull(flushInterval, "flushInterval");
        mirrors = List.copyOf(mirrors);
        requireNonNull(inFlight, "inFlight");
    }

    /** A pick with Traefik's default flush interval, no mirrors and nothing counted in flight. */
    public Pick(BalancedServer server, boolean passHostHeader, Optional<ForwardingTimeouts> timeouts,
            List<StickyPin> cookiesToSet) {
        this(server, passHostHeader, timeouts, cookiesToSet, LoadBalancerService.DEFAULT_FLUSH_INTERVAL, List.of(),
                InFlightRequest.NONE);
    }

    public ServerKey key() {
        return server.key();
    }

    /** This pick with {@code pin} set before the existing ones. */
    Pick withPinFirst(StickyPin pin) {
        List<StickyPin> pins = new ArrayList<>(cookiesToSet.size() + 1);
        pins.add(pin);
        pins.addAll(cookiesToSet);
        return new Pick(server, passHostHeader, timeouts, pins, flushInterval, mirrors, inFlight);
    }

    /** This pick with {@code more} mirrors after its own (those of a mirroring service around the one picked). */
    Pick withMirrors(List<MirrorCopy> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<MirrorCopy> all = new ArrayList<>(mirrors.size() + more.size());
        all.addAll(mirrors);
        all.addAll(more);
        return new Pick(server, passHostHeader, timeouts, cookiesToSet, flushInterval, all, inFlight);
    }
}
