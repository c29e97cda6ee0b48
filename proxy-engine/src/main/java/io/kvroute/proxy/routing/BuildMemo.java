package io.kvroute.proxy.routing;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Router;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * What one {@link SnapshotBuilder} build worked out, kept in its snapshot so that the next build of the same builder
 * redoes only what changed: the model and the errors it was built from, every service's resolution and every
 * router's outcome with what that outcome depended on.
 *
 * @param builder     the builder that made it (another builder's memo is not used: its usability and clock differ)
 * @param tlsOptions  the TLS options refusal it was built with (a build with another one works out everything)
 * @param model       the model built from
 * @param errors      the ERROR problems of its entities, by entity
 * @param resolutions every service of the model resolved, by name
 * @param routers     every router of the model, by name
 * @param token       identifies this build (a new object per build), for the build after it
 * @param builtFrom   the token of the build this one redid only the changes of, or null when it worked out everything
 * @param redone      the routers worked out anew, added or removed relative to that build
 */
record BuildMemo(SnapshotBuilder builder, Object tlsOptions, HttpConfig model, Map<EntityRef, List<String>> errors,
        Map<String, ServiceResolver.Resolution> resolutions, RouterOutcomes routers, Object token,
        Object builtFrom, Set<String> redone) {
    static final BuildMemo NONE = new BuildMemo(null, null, HttpConfig.empty(), Map.of(), Map.of(), RouterOutcomes.NONE, new Object(),
            null, Set.of());

    BuildMemo {
        requireNonNull(model, "model");
        requireNonNull(errors, "errors");
        requireNonNull(resolutions, "resolutions");
        requireNonNull(routers, "routers");
        requireNonNull(token, "token");
        redone = Set.copyOf(redone);
    }

    /**
     * One router's outcome and its inputs besides the router itself and its errors: the service it named (without
     * provider, empty when foreign or when the router had errors) and that service's resolution, and the middlewares
     * its middleware resolution read (without provider): those it names and, through chains, their members, so that
     * a change of a chain's member redoes every router using the chain; and, for a TLS router left out (for any
     * reason), its TLS options' names by the TLS entry point it would be served on ({@code leftOutTls}).
     */
    record RouterOutcome(Router router, Optional<RouteEntry> route, List<String> reasons, Optional<String> service,
            ServiceResolver.Resolution resolution, List<String> middlewares, Map<String, String> leftOutTls) {
        RouterOutcome {
            leftOutTls = Map.copyOf(leftOutTls);
            requireNonNull(router, "router");
            requireNonNull(route, "route");
            reasons = List.copyOf(reasons);
            requireNonNull(service, "service");
            middlewares = List.copyOf(middlewares);
        }
    }

    /**
     * The names of the entities of one kind that differ between {@code before} and {@code after}: added, removed,
     * another instance, or other errors. One merge over both sorted maps comparing instances, plus the entities with
     * errors in either.
     */
    static <T> Set<String> changed(SortedMap<String, T> before, SortedMap<String, T> after, EntityRef.Kind kind,
            Map<EntityRef, List<String>> errorsBefore, Map<EntityRef, List<String>> errorsAfter) {
        Set<String> changed = new HashSet<>();
        if (before != after) {
            // Keys and values side by side (a sorted map's values follow its keys' order): no entry made per entity.
            Iterator<String> oldNames = before.keySet().iterator();
            Iterator<T> oldEntities = before.values().iterator();
            Iterator<String> newNames = after.keySet().iterator();
            Iterator<T> newEntities = after.values().iterator();
            String a = oldNames.hasNext() ? oldNames.next() : null;
            String b = newNames.hasNext() ? newNames.next() : null;
            while (a != null || b != null) {
                int order = a == null ? 1 : b == null ? -1 : a.compareTo(b);
                if (order < 0) {
                    changed.add(a);
                    oldEntities.next();
                    a = oldNames.hasNext() ? oldNames.next() : null;
                } else if (order > 0) {
                    changed.add(b);
                    newEntities.next();
                    b = newNames.hasNext() ? newNames.next() : null;
                } else {
                    if (oldEntities.next() != newEntities.next()) {
                        changed.add(a);
                    }
                    a = oldNames.hasNext() ? oldNames.next() : null;
                    b = newNames.hasNext() ? newNames.next() : null;
                }
            }
        }
        errorsBefore.forEach((entity, reasons) -> {
            if (entity.kind() == kind && !reasons.equals(errorsAfter.get(entity))) {
                changed.add(entity.name());
            }
        });
        errorsAfter.forEach((entity, reasons) -> {
            if (entity.kind() == kind && !Objects.equals(reasons, errorsBefore.get(entity))) {
                changed.add(entity.name());
            }
        });
        return changed;
    }
}
