package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Router;
import java.util.Map;

/**
 * A router left out of a snapshot because TLS options it would be served with cannot be (unknown, with errors, or
 * not applicable here).
 *
 * @param router  the router as configured
 * @param options the refused options' names, by the TLS entry point it would be served on
 */
public record RefusedTlsRouter(Router router, Map<String, String> options) {
    public RefusedTlsRouter {
        requireNonNull(router, "router");
        options = Map.copyOf(options);
    }
}
