package io.kvroute.proxy.balancer;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks a server for one request to a service. Instances live in a {@link BalancerRegistry}, are built once per
 * configuration change and carried over while the service is unchanged; picks are thread-safe.
 *
 * <p>From an Undertow {@code ProxyClient}: {@code pick(Set.of(), view)} for the first attempt, then after a connect
 * failure of an idempotent request {@code pick(Set.of(failed.key()), view)} to retry on a different server. An
 * empty result means no usable server: answer 503.
 */
public sealed interface ServiceBalancer permits ServerBalancer, ChildServicesBalancer, MirroringBalancer, FailoverBalancer {
    /** The service name. */
    String service();

    /**
     * The next server among those usable now and not in {@code exclude}, honouring the request's sticky cookies: an
     * undrained one while there is one, else a drained one (draining means no new requests while another server can
     * take them); empty if there is none. The first pick of a request ({@code exclude} empty) also decides the
     * mirrors that get a copy of it ({@link Pick#mirrors()}); the picks of its retries name none.
     */
    Optional<Pick> pick(Set<ServerKey> exclude, BalancedRequest request);

    /** {@link #pick(Set, BalancedRequest)} without exclusions or cookies. */
    default Optional<Pick> pick() {
        return pick(Set.of(), BalancedRequest.NONE);
    }

    /** True if some server outside {@code exclude} is usable now, drained or not: a pick finds one. */
    boolean hasUsableServer(Set<ServerKey> exclude);

    /** True if some server outside {@code exclude} is usable now and drained neither by weight nor by an operator. */
    boolean hasUndrainedServer(Set<ServerKey> exclude);

    /** Every server reachable through this balancer, with its static settings, for the dashboard. */
    List<BalancedServer> servers();

    /** The sticky cookie of this service, if it has one. */
    Optional<StickyCookieSpec> sticky();
}
