package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Traefik weighted service ({@code weighted/services}: canary, blue-green): smooth weighted round robin over child
 * balancers, skipping children with no usable server (and, while some child has an undrained server, children with
 * only drained ones), then a pick inside the chosen child. With a sticky cookie the
 * request stays on the child its cookie names (the cookie value is the {@link PinHash} of the child's name); the
 * child's own sticky cookie, if any, then pins the server.
 */
public final class WeightedBalancer extends ChildServicesBalancer<WeightedChild> {
    private final Optional<StickyCookieSpec> sticky;
    private final SmoothWeightedRoundRobin rotation;
    private final String[] pins;
    private final Map<String, Integer> indexByPin;

    WeightedBalancer(String service, List<WeightedChild> children, Optional<StickyCookieSpec> sticky) {
        super(service, children);
        this.sticky = requireNonNull(sticky, "sticky");
        this.rotation = new SmoothWeightedRoundRobin(children().stream().mapToLong(WeightedChild::weight).toArray());
        this.pins = new String[children().size()];
        Map<String, Integer> byPin = new HashMap<>();
        for (int i = 0; i < pins.length; i++) {
            pins[i] = PinHash.of(children().get(i).balancer().service());
            byPin.putIfAbsent(pins[i], i);
        }
        this.indexByPin = Map.copyOf(byPin);
    }

    @Override
    public Optional<Pick> pick(Set<ServerKey> exclude, BalancedRequest request) {
        requireNonNull(exclude, "exclude");
        requireNonNull(request, "request");
        boolean undrained = hasUndrainedServer(exclude);
        if (sticky.isPresent()) {
            Integer pinned = request.cookie(sticky.get().name()).map(indexByPin::get).orElse(null);
            if (pinned != null && children().get(pinned).weight() > 0
                    && (!undrained || children().get(pinned).balancer().hasUndrainedServer(exclude))) {
                Optional<Pick> pick = children().get(pinned).balancer().pick(exclude, request);
                if (pick.isPresent()) {
                    return pick;
                }
            }
        }
        return pickChild(exclude, request, undrained, rotation::next, (pick, index) -> sticky
                .map(cookie -> pick.withPinFirst(new StickyPin(cookie, pins[index]))).orElse(pick));
    }

    @Override
    public Optional<StickyCookieSpec> sticky() {
        return sticky;
    }

    @Override
    public String toString() {
        return "WeightedBalancer[" + service() + ", " + children().size() + " children]";
    }
}
