package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import com.google.common.net.InetAddresses;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Traefik {@code highestRandomWeight} service: of its child services, the one with the highest
 * {@link RendezvousHash} score for the client's IP (the TCP peer, as Traefik's {@code RemoteAddrStrategy} gives it)
 * and the child's name as configured, weighted by the child's weight; then a pick inside that child. A client stays
 * on one child while that child has a usable server, and only the clients of a child that goes away move. As in a
 * {@link WeightedBalancer}, children with no usable server are skipped (and, while some child has an undrained
 * server, children with only drained ones). Traefik's HRW service has no sticky cookie.
 */
public final class RendezvousBalancer extends ChildServicesBalancer<RendezvousChild> {
    private final RendezvousHash rendezvous;

    RendezvousBalancer(String service, List<RendezvousChild> children) {
        super(service, children);
        this.rendezvous = new RendezvousHash(children().stream().map(RendezvousChild::name).toArray(String[]::new),
                children().stream().mapToLong(RendezvousChild::weight).toArray());
    }

    @Override
    public Optional<Pick> pick(Set<ServerKey> exclude, BalancedRequest request) {
        requireNonNull(exclude, "exclude");
        requireNonNull(request, "request");
        String key = request.clientAddress().map(InetAddresses::toAddrString).orElse("");
        return pickChild(exclude, request, hasUndrainedServer(exclude), eligible -> rendezvous.next(key, eligible),
                (pick, index) -> pick);
    }

    @Override
    public Optional<StickyCookieSpec> sticky() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "RendezvousBalancer[" + service() + ", " + children().size() + " children]";
    }
}
