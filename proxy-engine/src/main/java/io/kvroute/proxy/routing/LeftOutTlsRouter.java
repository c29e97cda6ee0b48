package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Router;
import java.util.Map;

/**
 * A TLS router left out of a snapshot, for any reason (TLS options that cannot be served, a missing service, an
 * unknown middleware...): as in Traefik, its hosts, or the HTTPS catch-all when its rule names none, still belong to
 * the HTTPS side of its TLS entry points and its options still count in the options of its hosts.
 *
 * @param router  the router as configured
 * @param options its TLS options' names, by the TLS entry point it would be served on
 */
public record LeftOutTlsRouter(Router router, Map<String, String> options) {
    public LeftOutTlsRouter {
        requireNonNull(router, "router");
        options = Map.copyOf(options);
    }
}
