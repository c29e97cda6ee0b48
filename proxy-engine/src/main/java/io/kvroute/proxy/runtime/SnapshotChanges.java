package io.kvroute.proxy.runtime;

import io.kvroute.proxy.routing.RouteEntry;
import io.kvroute.proxy.routing.RoutingSnapshot;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** One log line saying what a new routing snapshot changed: routers and services added and removed. */
final class SnapshotChanges {
    private SnapshotChanges() {
    }

    /** Linear in the routers and services; only the added and removed names are sorted. */
    static String describe(RoutingSnapshot before, RoutingSnapshot after) {
        Set<String> routersBefore = routers(before);
        Set<String> routersAfter = routers(after);
        Set<String> servicesBefore = before.balancers().balancers().keySet();
        Set<String> servicesAfter = after.balancers().balancers().keySet();
        StringBuilder line = new StringBuilder();
        line.append(routersAfter.size()).append(" routers, ").append(servicesAfter.size()).append(" services");
        appendDiff(line, "routers", routersBefore, routersAfter);
        appendDiff(line, "services", servicesBefore, servicesAfter);
        if (!after.exclusions().isEmpty()) {
            line.append("; not routed: ").append(after.exclusions().size());
        }
        return line.toString();
    }

    private static Set<String> routers(RoutingSnapshot snapshot) {
        return snapshot.routes().stream().map(RouteEntry::name).collect(Collectors.toCollection(HashSet::new));
    }

    private static void appendDiff(StringBuilder line, String what, Set<String> before, Set<String> after) {
        Set<String> added = after.stream().filter(name -> !before.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> removed = before.stream().filter(name -> !after.contains(name))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!added.isEmpty() || !removed.isEmpty()) {
            line.append("; ").append(what);
            added.forEach(name -> line.append(" +").append(name));
            removed.forEach(name -> line.append(" -").append(name));
        }
    }
}
