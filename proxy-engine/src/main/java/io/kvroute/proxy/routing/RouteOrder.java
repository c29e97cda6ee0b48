package io.kvroute.proxy.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The routing order (effective priority descending, then router name ascending: one place in it per router) and
 * the splice that keeps a list in it across a change at the cost of the change: binary searches for what leaves and
 * what comes, and block copies of the runs in between, instead of a comparison per route.
 */
final class RouteOrder {
    static final Comparator<RouteEntry> ORDER = (a, b) -> a.priority() != b.priority()
            ? Long.compare(b.priority(), a.priority()) : a.name().compareTo(b.name());

    private RouteOrder() {
    }

    /**
     * {@code routes} (in {@link #ORDER}) less the instances of {@code dropped} it holds, plus {@code added} (in
     * {@link #ORDER}, none of them in {@code routes}), in {@link #ORDER}: {@code routes} itself when it holds none of
     * {@code dropped} and nothing is added.
     */
    static List<RouteEntry> splice(List<RouteEntry> routes, Set<RouteEntry> dropped, List<RouteEntry> added) {
        List<Integer> cuts = new ArrayList<>(dropped.size());
        for (RouteEntry route : dropped) {
            int at = Collections.binarySearch(routes, route, ORDER);
            if (at >= 0 && routes.get(at) == route) {
                cuts.add(at);
            }
        }
        if (cuts.isEmpty() && added.isEmpty()) {
            return routes;
        }
        Collections.sort(cuts);
        List<RouteEntry> spliced = new ArrayList<>(routes.size() - cuts.size() + added.size());
        int copied = 0;
        int cut = 0;
        for (RouteEntry route : added) {
            int at = Collections.binarySearch(routes, route, ORDER);
            int before = at >= 0 ? at : -at - 1;
            cut = copy(routes, copied, before, cuts, cut, spliced);
            copied = before;
            spliced.add(route);
        }
        copy(routes, copied, routes.size(), cuts, cut, spliced);
        return spliced;
    }

    /**
     * Appends {@code routes[from, to)} to {@code into}, less the indexes of {@code cuts} from {@code cut} on that lie
     * in that range; returns the index of the first cut past it.
     */
    private static int copy(List<RouteEntry> routes, int from, int to, List<Integer> cuts, int cut,
            List<RouteEntry> into) {
        int start = from;
        while (cut < cuts.size() && cuts.get(cut) < to) {
            appendRange(routes, start, cuts.get(cut), into);
            start = cuts.get(cut) + 1;
            cut++;
        }
        appendRange(routes, start, to, into);
        return cut;
    }

    /** Appends {@code routes[from, to)} one by one: {@code addAll} of a sub-list would copy the range first. */
    private static void appendRange(List<RouteEntry> routes, int from, int to, List<RouteEntry> into) {
        for (int i = from; i < to; i++) {
            into.add(routes.get(i));
        }
    }
}
