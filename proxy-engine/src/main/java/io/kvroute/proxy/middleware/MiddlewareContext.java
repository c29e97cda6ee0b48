package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a middleware may use while its chain is built: where to report a {@link ToleratedDeviation}, and the
 * process's {@link MiddlewareEvents} to count what it does per request.
 */
public final class MiddlewareContext {
    private final MiddlewareEvents events;
    private final List<MiddlewareWarning> warnings;

    MiddlewareContext(MiddlewareEvents events, List<MiddlewareWarning> warnings) {
        this.events = requireNonNull(events, "events");
        this.warnings = requireNonNull(warnings, "warnings");
    }

    /** Reports a harmless difference of the chain being built. */
    void warn(MiddlewareWarning warning) {
        warnings.add(requireNonNull(warning, "warning"));
    }

    /** The counter of {@code event} for {@code middleware}, taken once when the chain is built. */
    public LongAdder counter(String middleware, String event) {
        return events.counter(middleware, event);
    }
}
