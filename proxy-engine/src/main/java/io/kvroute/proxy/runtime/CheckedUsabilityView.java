package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.balancer.ServerUsability;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.health.HealthChecker;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What balancers see on every pick: the health checker's live verdict reduced to {@link ServerUsability} (DOWN
 * after failed probes, EJECTED after connect failures) and the operator's drain overrides. Reads one immutable
 * view; never blocks.
 */
final class CheckedUsabilityView implements UsabilityView {
    private final HealthChecker checker;
    private final Set<ServerKey> drained = ConcurrentHashMap.newKeySet();

    CheckedUsabilityView(HealthChecker checker) {
        this.checker = requireNonNull(checker, "checker");
    }

    @Override
    public ServerUsability usability(ServerKey server) {
        return checker.view().server(server).map(health -> switch (health.state()) {
            case UNKNOWN, UP -> ServerUsability.UP;
            case DOWN -> ServerUsability.DOWN;
            case EJECTED -> ServerUsability.ejectedUntil(health.ejection().orElseThrow().until());
        }).orElse(ServerUsability.UP);
    }

    @Override
    public boolean isDrained(ServerKey server) {
        return drained.contains(server);
    }

    /** Holds or releases an operator drain of {@code server}; true if that changed anything. */
    boolean setDrained(ServerKey server, boolean drain) {
        return drain ? drained.add(server) : drained.remove(server);
    }
}
