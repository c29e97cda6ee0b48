package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What middlewares did, counted per middleware name and event since the process started ({@code rejected} by an
 * allow list, {@code rateLimited}, {@code circuitOpen}, {@code authFailed}, ...), for the dashboard, the API and
 * {@code /metrics}. One instance per proxy process; a handler takes its counter once, when its chain is built, so
 * counting costs one {@link LongAdder#increment()} per event. Counts survive configuration changes, as a middleware
 * keeps its name.
 */
public final class MiddlewareEvents {
    private final ConcurrentMap<String, ConcurrentMap<String, LongAdder>> counts = new ConcurrentHashMap<>();

    /** The counter of {@code event} for the middleware named {@code middleware} (without provider). */
    public LongAdder counter(String middleware, String event) {
        requireNonNull(middleware, "middleware");
        requireNonNull(event, "event");
        return counts.computeIfAbsent(middleware, name -> new ConcurrentHashMap<>())
                .computeIfAbsent(event, name -> new LongAdder());
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
