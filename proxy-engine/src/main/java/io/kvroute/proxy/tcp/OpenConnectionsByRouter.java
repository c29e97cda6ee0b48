package io.kvroute.proxy.tcp;

import static java.util.Objects.requireNonNull;

import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The TCP connections relayed right now, by router: counted when a connection is relayed to its server and
 * uncounted when the relay closes both sides. Read by the dashboard's TCP tab; shared by every entry point.
 */
public final class OpenConnectionsByRouter {
    private final ConcurrentMap<String, LongAdder> open = new ConcurrentHashMap<>();

    /** Counts a connection of {@code router} that is being relayed. */
    void opened(String router) {
        open.computeIfAbsent(requireNonNull(router, "router"), name -> new LongAdder()).increment();
    }

    /** Uncounts a connection of {@code router} whose relay ended. */
    void closed(String router) {
        LongAdder count = open.get(router);
        if (count != null) {
            count.decrement();
        }
    }

    /** The connections open now by router name (routers that had one since start, possibly at 0). */
    public SortedMap<String, Long> snapshot() {
        SortedMap<String, Long> counts = new TreeMap<>();
        open.forEach((router, count) -> counts.put(router, Math.max(0, count.sum())));
        return counts;
    }
}
