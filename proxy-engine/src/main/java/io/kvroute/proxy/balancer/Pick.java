package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.upstream.UpstreamTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one pick: the server to send the request to, whether its service passes the client's Host header,
 * its service's servers transport (empty: the proxy's default transport), and the sticky cookies to
 * set on the response (none when the request's pins were valid; outermost weighted service first).
 */
public record Pick(BalancedServer server, boolean passHostHeader, Optional<UpstreamTransport> transport,
        List<StickyPin> cookiesToSet) {
    public Pick {
        requireNonNull(server, "server");
        requireNonNull(transport, "transport");
        cookiesToSet = List.copyOf(cookiesToSet);
    }

    public ServerKey key() {
        return server.key();
    }

    /** This pick with {@code pin} set before the existing ones. */
    Pick withPinFirst(StickyPin pin) {
        List<StickyPin> pins = new ArrayList<>(cookiesToSet.size() + 1);
        pins.add(pin);
        pins.addAll(cookiesToSet);
        return new Pick(server, passHostHeader, transport, pins);
    }
}
