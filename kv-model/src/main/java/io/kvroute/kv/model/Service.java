package io.kvroute.kv.model;

/**
 * An HTTP service ({@code http/services/<name>}): a load balancer over servers, a weighted set of other services,
 * or a kind the model keeps opaque (mirroring, failover).
 */
public sealed interface Service permits LoadBalancerService, WeightedService, OpaqueService {
    /** The service name, without a provider suffix. */
    String name();

    /** Traefik's JSON field naming the kind: {@code loadBalancer}, {@code weighted}, {@code mirroring}, ... */
    String type();
}
