package io.kvroute.proxy.runtime;

import com.google.common.collect.Lists;
import io.kvroute.proxy.routing.RouteEntry;
import io.kvroute.proxy.routing.RoutingSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/** One log line saying what a new routing snapshot changed: routers and services added and removed. */
final class SnapshotChanges {
    private SnapshotChanges() {
    }

    /**
     * Two look-ups per router {@code after} redid relative to {@code before} (per route of both snapshots when it was
     * built from nothing), none for the services when both snapshots have the same balancers; only the added and
     * removed names are collected and sorted.
     */
    static String describe(RoutingSnapshot before, RoutingSnapshot after) {
        StringBuilder line = new StringBuilder();
        line.append(after.routes().size()).append(" routers, ").append(after.balancers().balancers().size())
                .append(" services");
        Optional<Set<String>> redone = after.routersChangedSince(before);
        appendDiff(line, "routers", names(redone.isPresent() ? redone.get() : routers(after),
                        name -> after.routeOf(name).isPresent() && before.routeOf(name).isEmpty()),
                names(redone.isPresent() ? redone.get() : routers(before),
                        name -> before.routeOf(name).isPresent() && after.routeOf(name).isEmpty()));
        if (before.balancers() != after.balancers()) {
            SortedMap<String, ?> servicesBefore = before.balancers().balancers();
            SortedMap<String, ?> servicesAfter = after.balancers().balancers();
            appendDiff(line, "services", names(servicesAfter.keySet(), name -> !servicesBefore.containsKey(name)),
                    names(servicesBefore.keySet(), name -> !servicesAfter.containsKey(name)));
        }
        if (!after.exclusions().isEmpty()) {
            line.append("; not routed: ").append(after.exclusions().size());
        }
        return line.toString();
    }

    private static List<String> routers(RoutingSnapshot snapshot) {
        return Lists.transform(snapshot.routes(), RouteEntry::name);
    }

    private static Set<String> names(Iterable<String> all, Predicate<String> selected) {
        Set<String> names = new TreeSet<>();
        for (String name : all) {
            if (selected.test(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static void appendDiff(StringBuilder line, String what, Set<String> added, Set<String> removed) {
        if (!added.isEmpty() || !removed.isEmpty()) {
            line.append("; ").append(what);
            added.forEach(name -> line.append(" +").append(name));
            removed.forEach(name -> line.append(" -").append(name));
        }
    }
}
