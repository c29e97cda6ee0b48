package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Traefik {@code failover} service: requests go to the main service while it has a usable undrained server (its
 * health checks, passive ejections and drains decide, as Traefik's main service reports DOWN when its health checks
 * find no server), else to the fallback service; they return to the main service as soon as one of its servers is usable
 * again. Each pick, a retry's too, asks the main service's state anew. With Traefik's {@code errors}
 * ({@link FailoverErrors}) a pick from the main service names this failover, and an answer of the main service with
 * one of its statuses sends the request to this failover's fallback ({@link #pickFallback}), never through the
 * services around it again (when the fallback is down, Traefik's 503, which a failover around it with 503 among its
 * statuses falls back on). A retry of the request asks the main service first again, as Traefik's retry middleware
 * calls the whole failover again; while the main service is up, a retry goes to its servers alone, never straight to
 * the fallback: once they were all tried for the request, no server is left (kvroute's retry needs a server not tried
 * yet, where Traefik's may send to the same one again, whose answer alone decides whether the fallback gets it).
 */
public final class FailoverBalancer implements ServiceBalancer {
    /** Traefik's answer of a failover whose fallback is down. */
    private static final int UNAVAILABLE = 503;

    private final String service;
    private final ServiceBalancer main;
    private final ServiceBalancer fallback;
    private final Optional<FailoverErrors> errors;

    FailoverBalancer(String service, ServiceBalancer main, ServiceBalancer fallback, Optional<FailoverErrors> errors) {
        this.service = requireNonNull(service, "service");
        this.main = requireNonNull(main, "main");
        this.fallback = requireNonNull(fallback, "fallback");
        this.errors = requireNonNull(errors, "errors");
    }

    @Override
    public String service() {
        return service;
    }

    public ServiceBalancer main() {
        return main;
    }

    public ServiceBalancer fallback() {
        return fallback;
    }

    /** The statuses of the main service that send a request to the fallback, if the failover has {@code errors}. */
    public Optional<FailoverErrors> errors() {
        return errors;
    }

    @Override
    public Optional<Pick> pick(Set<ServerKey> exclude, BalancedRequest request) {
        ServiceBalancer serving = serving();
        Optional<Pick> pick = serving.pick(exclude, request);
        return errors.isPresent() && serving == main ? pick.map(chosen -> chosen.withStatusFailover(this)) : pick;
    }

    /**
     * The pick of the fallback for a request whose main service answered with one of {@code errors}' statuses, as
     * Traefik's failover hands the request to its fallback handler itself: a server outside {@code tried} (every
     * attempt's), else one outside {@code triedInAttempt} (as Traefik's retry middleware calls the fallback again on
     * each attempt), a failover in the fallback asking its own main service first. It names the failovers with
     * {@code errors} that the fallback's own pick names and then {@code around}, those around this one (innermost
     * first), whose statuses the fallback's answer may match in turn. Only a fallback that is down (no usable server
     * whatever was tried) is Traefik's 503: the innermost failover of {@code around} with 503 among its statuses falls
     * back in turn.
     */
    public Optional<Pick> pickFallback(Set<ServerKey> tried, Set<ServerKey> triedInAttempt, BalancedRequest request,
            List<FailoverBalancer> around) {
        if (!fallback.hasUsableServer(Set.of())) {
            for (int i = 0; i < around.size(); i++) {
                if (around.get(i).errors.map(on -> on.fallsBack(UNAVAILABLE)).orElse(false)) {
                    return around.get(i).pickFallback(tried, triedInAttempt, request,
                            around.subList(i + 1, around.size()));
                }
            }
            return Optional.empty();
        }
        return fallback.pick(tried, request).or(() -> fallback.pick(triedInAttempt, request)).map(chosen -> {
            Pick named = chosen;
            for (FailoverBalancer outer : around) {
                named = named.withStatusFailover(outer);
            }
            return named;
        });
    }

    /**
     * How many failovers with {@code errors} there are in {@code balancer} and the services it is made of: how many
     * times at most a request is sent to a fallback.
     */
    public static int statusFailovers(ServiceBalancer balancer) {
        if (balancer instanceof FailoverBalancer failover) {
            return (failover.errors.isPresent() ? 1 : 0) + statusFailovers(failover.main)
                    + statusFailovers(failover.fallback);
        }
        if (balancer instanceof MirroringBalancer mirroring) {
            return statusFailovers(mirroring.main());
        }
        if (balancer instanceof ChildServicesBalancer<?> parent) {
            return parent.children().stream().mapToInt(child -> statusFailovers(child.balancer())).sum();
        }
        return 0;
    }

    /**
     * Whether a pick finds a server outside {@code exclude}: one of the service that serves now (with {@code errors},
     * its fallback only after an answer of the main service, {@link #pickFallback}).
     */
    @Override
    public boolean hasUsableServer(Set<ServerKey> exclude) {
        return serving().hasUsableServer(exclude);
    }

    /** As {@link #hasUsableServer}, for undrained servers. */
    @Override
    public boolean hasUndrainedServer(Set<ServerKey> exclude) {
        return serving().hasUndrainedServer(exclude);
    }

    /**
     * The main service while it has an undrained usable server, else the fallback while it has one; when neither
     * has, the one with a drained server still usable (main first), as a drained server still serves when it is all
     * that is left.
     */
    private ServiceBalancer serving() {
        if (main.hasUndrainedServer(Set.of())) {
            return main;
        }
        if (fallback.hasUndrainedServer(Set.of()) || !main.hasUsableServer(Set.of())) {
            return fallback;
        }
        return main;
    }

    /** The servers of both services, main first. */
    @Override
    public List<BalancedServer> servers() {
        return ChildService.servers(Stream.of(main, fallback));
    }

    @Override
    public Optional<StickyCookieSpec> sticky() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "FailoverBalancer[" + service + ", main " + main.service() + ", fallback " + fallback.service()
                + errors.map(on -> ", errors " + on).orElse("") + "]";
    }
}
