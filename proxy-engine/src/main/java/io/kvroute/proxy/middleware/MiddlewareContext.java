package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a middleware may use while its chain is built: where to report a {@link ToleratedDeviation}, the
 * process's {@link MiddlewareEvents} to count what it does per request, the configuration's services
 * ({@link ServiceRequests}) and the provider Traefik would name it by.
 */
public final class MiddlewareContext {
    private final MiddlewareEvents events;
    private final List<MiddlewareWarning> warnings;
    private final ServiceRequests services;
    private final String provider;

    /** A context outside a proxy runtime: no provider. */
    MiddlewareContext(MiddlewareEvents events, List<MiddlewareWarning> warnings, ServiceRequests services) {
        this(events, warnings, services, "");
    }

    MiddlewareContext(MiddlewareEvents events, List<MiddlewareWarning> warnings, ServiceRequests services,
            String provider) {
        this.events = requireNonNull(events, "events");
        this.warnings = requireNonNull(warnings, "warnings");
        this.services = requireNonNull(services, "services");
        this.provider = requireNonNull(provider, "provider");
    }

    /**
     * The provider of the configuration ({@code etcd}, {@code consul}, ...), which Traefik appends to a middleware's
     * name ({@code limit@etcd}); empty for a chain built outside a proxy runtime (the dashboard's own auth).
     */
    public String provider() {
        return provider;
    }

    /** Reports a harmless difference of the chain being built. */
    void warn(MiddlewareWarning warning) {
        warnings.add(requireNonNull(warning, "warning"));
    }

    /** How to send requests to the configuration's services (error pages). */
    public ServiceRequests services() {
        return services;
    }

    /** The counter of {@code event} for {@code middleware}, taken once when the chain is built. */
    public LongAdder counter(String middleware, String event) {
        return events.counter(middleware, event);
    }
}
