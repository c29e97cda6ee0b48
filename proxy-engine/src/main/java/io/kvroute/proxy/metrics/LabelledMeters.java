package io.kvroute.proxy.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * The meters of one entry point, router or service in its {@link RequestFamily}, by method, protocol and status
 * code, registered the first time each combination completes a request and then found by array index: recording a
 * request builds no tag list or look-up key. Two threads creating the same meters at once both get the same ones
 * (the registry keeps one meter per name and tags); the array slots hold immutable {@link Meters}, so a racy read
 * sees either nothing (and registers again, finding the same meters) or complete meters.
 */
final class LabelledMeters {
    /** Traefik's default buckets: 0.1, 0.3, 1.2 and 5 seconds. */
    static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(1200),
        Duration.ofSeconds(5)};
    /** Status codes are 100 to 999 in Undertow; the slots cover 0 to 999. */
    private static final int CODES = 1000;

    private final MeterRegistry registry;
    private final RequestFamily family;
    private final Tags base;
    /** By {@code method * PROTOCOLS + protocol}, then by status code. */
    private final Meters[][] byKind = new Meters[RequestKind.METHODS.size() * RequestKind.PROTOCOLS.size()][];

    LabelledMeters(MeterRegistry registry, RequestFamily family, Tags base) {
        this.registry = requireNonNull(registry, "registry");
        this.family = requireNonNull(family, "family");
        this.base = requireNonNull(base, "base");
    }

    Meters at(int method, int protocol, int code) {
        int kind = method * RequestKind.PROTOCOLS.size() + protocol;
        Meters[] byCode = byKind[kind];
        if (byCode == null) {
            byCode = new Meters[CODES];
            byKind[kind] = byCode;
        }
        int slot = code >= 0 && code < CODES ? code : 0;
        Meters meters = byCode[slot];
        if (meters == null) {
            meters = register(method, protocol, code);
            byCode[slot] = meters;
        }
        return meters;
    }

    private Meters register(int method, int protocol, int code) {
        Tags tags = base.and("code", Integer.toString(code), "method", RequestKind.METHODS.get(method),
                "protocol", RequestKind.PROTOCOLS.get(protocol));
        return new Meters(
                Counter.builder(family.requests).tags(tags).description("HTTP requests processed").register(registry),
                Timer.builder(family.duration).tags(tags).serviceLevelObjectives(BUCKETS)
                        .description("How long it took to process the request").register(registry),
                Counter.builder(family.requestBytes).tags(tags).baseUnit("bytes")
                        .description("Total size of the requests' bodies").register(registry),
                Counter.builder(family.responseBytes).tags(tags).baseUnit("bytes")
                        .description("Total size of the responses' bodies").register(registry));
    }

    /** Removes every meter of this label set from the registry (its entry point, router or service is gone). */
    void remove() {
        for (String name : List.of(family.requests, family.duration, family.requestBytes, family.responseBytes)) {
            registry.find(name).tags(base).meters().forEach(registry::remove);
        }
    }
}
