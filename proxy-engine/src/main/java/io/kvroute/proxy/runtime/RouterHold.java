package io.kvroute.proxy.runtime;

import com.google.common.collect.Iterators;
import com.google.common.collect.PeekingIterator;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps serving a router whose keys vanished while its service still exists, for a short hold. Router keys are
 * shared by every agent of a service and live on the lease of the agent that wrote them last; when that agent's
 * lease expires they disappear until another agent re-asserts them (within about a second). Without the hold the
 * proxy would answer 404 in between although the service has healthy servers. A router that stays away past the
 * hold, or whose service went too, is removed. Not thread-safe: the runtime calls it from one thread at a time.
 */
final class RouterHold {
    private final Duration hold;
    private final Map<String, Held> held = new HashMap<>();

    private record Held(Router router, Instant until) {
    }

    RouterHold(Duration hold) {
        this.hold = hold;
    }

    /**
     * The configuration to route by (one merge of both sorted router maps, none when {@code next} has the routers
     * {@code served} has and none is held): {@code next} plus the routers of {@code served} (what was routed by until
     * now) that {@code next} lacks but whose service it still has, while their hold lasts.
     */
    HttpConfig apply(HttpConfig served, HttpConfig next, Instant now) {
        if (held.isEmpty() && served.routers() == next.routers()) {
            return next;
        }
        held.keySet().removeIf(next.routers()::containsKey);
        HttpConfig result = next;
        PeekingIterator<String> present = Iterators.peekingIterator(next.routers().keySet().iterator());
        for (Router router : served.routers().values()) {
            while (present.hasNext() && present.peek().compareTo(router.name()) < 0) {
                present.next();
            }
            if (present.hasNext() && present.peek().equals(router.name())
                    || next.service(localName(router.service())).isEmpty()) {
                held.remove(router.name());
                continue;
            }
            Held kept = held.computeIfAbsent(router.name(), name -> new Held(router, now.plus(hold)));
            if (now.isBefore(kept.until())) {
                result = result.withRouter(kept.router());
            } else {
                held.remove(router.name());
            }
        }
        return result;
    }

    /** When the earliest hold ends (the runtime then routes by the latest configuration again), if any is held. */
    Optional<Instant> nextExpiry() {
        return held.values().stream().map(Held::until).min(Instant::compareTo);
    }

    /** The routers held now, by name. */
    Map<String, Router> heldRouters() {
        Map<String, Router> routers = new HashMap<>();
        held.forEach((name, kept) -> routers.put(name, kept.router()));
        return Map.copyOf(routers);
    }

    private static String localName(String service) {
        int at = service.indexOf('@');
        return at < 0 ? service : service.substring(0, at);
    }
}
