package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.upstream.UpstreamTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one pick: the server to send the request to, whether its service passes the client's Host header,
 * its service's servers transport (empty: the proxy's default transport), the sticky cookies to set on the response
 * (none when the request's pins were valid; outermost weighted service first), the mirrors that get a copy of the
 * request once it is answered, the request's count on its server while in flight (p2c), and the failover services
 * with {@code errors} whose main service the server is part of (innermost first): an answer with one of their
 * statuses sends the request to that failover's fallback.
 */
public record Pick(BalancedServer server, boolean passHostHeader, Optional<UpstreamTransport> transport,
        List<StickyPin> cookiesToSet, List<MirrorCopy> mirrors, InFlightRequest inFlight,
        List<FailoverBalancer> statusFailovers) {
    public Pick {
        requireNonNull(server, "server");
        requireNonNull(transport, "transport");
        cookiesToSet = List.copyOf(cookiesToSet);
        mirrors = List.copyOf(mirrors);
        requireNonNull(inFlight, "inFlight");
        statusFailovers = List.copyOf(statusFailovers);
    }

    /** A pick without mirrors and nothing counted in flight. */
    public Pick(BalancedServer server, boolean passHostHeader, Optional<UpstreamTransport> transport,
            List<StickyPin> cookiesToSet) {
        this(server, passHostHeader, transport, cookiesToSet, List.of(), InFlightRequest.NONE, List.of());
    }

    public ServerKey key() {
        return server.key();
    }

    /** This pick with {@code pin} set before the existing ones. */
    Pick withPinFirst(StickyPin pin) {
        List<StickyPin> pins = new ArrayList<>(cookiesToSet.size() + 1);
        pins.add(pin);
        pins.addAll(cookiesToSet);
        return new Pick(server, passHostHeader, transport, pins, mirrors, inFlight, statusFailovers);
    }

    /** This pick with {@code more} mirrors after its own (those of a mirroring service around the one picked). */
    Pick withMirrors(List<MirrorCopy> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<MirrorCopy> all = new ArrayList<>(mirrors.size() + more.size());
        all.addAll(mirrors);
        all.addAll(more);
        return new Pick(server, passHostHeader, transport, cookiesToSet, all, inFlight, statusFailovers);
    }

    /** This pick with {@code failover} after the failovers it already names (an outer one around them). */
    Pick withStatusFailover(FailoverBalancer failover) {
        List<FailoverBalancer> all = new ArrayList<>(statusFailovers.size() + 1);
        all.addAll(statusFailovers);
        all.add(failover);
        return new Pick(server, passHostHeader, transport, cookiesToSet, mirrors, inFlight, all);
    }
}
