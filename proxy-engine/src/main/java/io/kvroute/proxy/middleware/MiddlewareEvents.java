package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What middlewares did, counted per middleware name and event since the process started ({@code rejected} by an
 * allow list, {@code rateLimited}, {@code circuitOpen}, {@code authFailed}, ...), for the dashboard, the API and
 * {@code /metrics}. One instance per proxy process; a handler takes its counter once, when its chain is built, so
 * counting costs one {@link LongAdder#increment()} per event. Counts survive configuration changes, as a middleware
 * keeps its name. {@link #counted(MeterRegistry)} also shows every count at {@code /metrics}, as it is created.
 */
public final class MiddlewareEvents {
    /** The name of the counters at {@code /metrics} ({@code kvroute_middleware_events_total{middleware,event}}). */
    public static final String METER = "kvroute.middleware.events";

    private final ConcurrentMap<String, ConcurrentMap<String, LongAdder>> counts = new ConcurrentHashMap<>();
    private final Optional<MeterRegistry> registry;

    /** Counts nobody exports (tests, the dashboard's own middlewares). */
    public MiddlewareEvents() {
        this.registry = Optional.empty();
    }

    private MiddlewareEvents(MeterRegistry registry) {
        this.registry = Optional.of(registry);
    }

    /** Counts registered in {@code registry} as the function counter {@value #METER} when each is created. */
    public static MiddlewareEvents counted(MeterRegistry registry) {
        return new MiddlewareEvents(requireNonNull(registry, "registry"));
    }

    /** The counter of {@code event} for the middleware named {@code middleware} (without provider). */
    public LongAdder counter(String middleware, String event) {
        requireNonNull(middleware, "middleware");
        requireNonNull(event, "event");
        return counts.computeIfAbsent(middleware, name -> new ConcurrentHashMap<>())
                .computeIfAbsent(event, name -> exported(middleware, event, new LongAdder()));
    }

    private LongAdder exported(String middleware, String event, LongAdder count) {
        registry.ifPresent(meters -> FunctionCounter.builder(METER, count, LongAdder::sum)
                .description("What middlewares did (rejected, rateLimited, circuitOpen, authFailed, ...)")
                .tags("middleware", middleware, "event", event).register(meters));
        return count;
    }

    /** Every count now, by middleware then event, both sorted. */
    public SortedMap<String, SortedMap<String, Long>> snapshot() {
        ImmutableSortedMap.Builder<String, SortedMap<String, Long>> all = ImmutableSortedMap.naturalOrder();
        for (Map.Entry<String, ConcurrentMap<String, LongAdder>> middleware : counts.entrySet()) {
            ImmutableSortedMap.Builder<String, Long> events = ImmutableSortedMap.naturalOrder();
            middleware.getValue().forEach((event, count) -> events.put(event, count.sum()));
            all.put(middleware.getKey(), events.build());
        }
        return all.build();
    }
}
