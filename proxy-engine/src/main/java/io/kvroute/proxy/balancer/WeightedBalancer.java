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
public final class WeightedBalancer implements ServiceBalancer {
    private final String service;
    private final List<WeightedChild> children;
    private final Optional<StickyCookieSpec> sticky;
    private final SmoothWeightedRoundRobin rotation;
    private final String[] pins;
    private final Map<String, Integer> indexByPin;

    WeightedBalancer(String service, List<WeightedChild> children, Optional<StickyCookieSpec> sticky) {
        this.service = requireNonNull(service, "service");
        this.children = List.copyOf(children);
        this.sticky = requireNonNull(sticky, "sticky");
        this.rotation = new SmoothWeightedRoundRobin(this.children.stream().mapToLong(WeightedChild::weight).toArray());
        this.pins = new String[this.children.size()];
        Map<String, Integer> byPin = new HashMap<>();
        for (int i = 0; i < this.children.size(); i++) {
            pins[i] = PinHash.of(this.children.get(i).balancer().service());
            byPin.putIfAbsent(pins[i], i);
        }
        this.indexByPin = Map.copyOf(byPin);
    }

    @Override
    public String service() {
        return service;
    }

    public List<WeightedChild> children() {
        return children;
    }

    @Override
    public Optional<Pick> pick(Set<ServerKey> exclude, BalancedRequest request) {
        requireNonNull(exclude, "exclude");
        requireNonNull(request, "request");
        boolean undrained = hasUndrainedServer(exclude);
        if (sticky.isPresent()) {
            Integer pinned = request.cookie(sticky.get().name()).map(indexByPin::get).orElse(null);
            if (pinned != null && children.get(pinned).weight() > 0
                    && (!undrained || children.get(pinned).balancer().hasUndrainedServer(exclude))) {
                Optional<Pick> pick = children.get(pinned).balancer().pick(exclude, request);
                if (pick.isPresent()) {
                    return pick;
                }
            }
        }
        return ChildService.pick(children, exclude, request, undrained, rotation::next, (pick, index) -> sticky
                .map(cookie -> pick.withPinFirst(new StickyPin(cookie, pins[index]))).orElse(pick));
    }

    @Override
    public boolean hasUsableServer(Set<ServerKey> exclude) {
        return ChildService.anyUsable(children, exclude);
    }

    @Override
    public boolean hasUndrainedServer(Set<ServerKey> exclude) {
        return ChildService.anyUndrained(children, exclude);
    }

    @Override
    public List<BalancedServer> servers() {
        return ChildService.servers(children.stream().map(WeightedChild::balancer));
    }

    @Override
    public Optional<StickyCookieSpec> sticky() {
        return sticky;
    }

    @Override
    public String toString() {
        return "WeightedBalancer[" + service + ", " + children.size() + " children]";
    }
}
