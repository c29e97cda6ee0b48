package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one pick: the server to send the request to, whether its service passes the client's Host header,
 * and the sticky cookies to set on the response (none when the request's pins were valid; outermost weighted
 * service first).
 */
public record Pick(BalancedServer server, boolean passHostHeader, List<StickyPin> cookiesToSet) {
    public Pick {
        requireNonNull(server, "server");
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
        return new Pick(server, passHostHeader, pins);
    }
}
