package io.kvroute.proxy.web;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * When each agent node was first and last seen: a node is seen while servers whose ids carry it
 * ({@code <node>--<instance>}) are in the configuration in use or its status key is in the store. A node whose keys
 * are gone stays listed with the time it was last seen (for {@link #FORGET_AFTER}). Updated at each dashboard read.
 */
final class AgentSightings {
    /** A node's first and last sighting and whether its keys are in the configuration now. */
    record Sighting(Instant firstSeen, Instant lastSeen, boolean present) {
    }

    /** How long a node whose keys are gone stays listed. */
    static final Duration FORGET_AFTER = Duration.ofHours(24);

    @GuardedBy("this")
    private final Map<String, Sighting> sightings = new HashMap<>();

    /** Records that the nodes in {@code present} are seen at {@code now} and every other known node is not. */
    synchronized SortedMap<String, Sighting> observe(Iterable<String> present, Instant now) {
        Map<String, Sighting> next = new HashMap<>();
        sightings.forEach((node, seen) -> {
            if (seen.lastSeen().plus(FORGET_AFTER).isAfter(now)) {
                next.put(node, new Sighting(seen.firstSeen(), seen.lastSeen(), false));
            }
        });
        for (String node : present) {
            Instant first = Optional.ofNullable(sightings.get(node)).map(Sighting::firstSeen).orElse(now);
            next.put(node, new Sighting(first, now, true));
        }
        sightings.clear();
        sightings.putAll(next);
        return new TreeMap<>(sightings);
    }
}
