package io.kvroute.kv.model;

/** A TCP service ({@code tcp/services/<name>}): a load balancer over servers or a weighted set of TCP services. */
public sealed interface TcpService permits TcpLoadBalancer, TcpWeighted {
    /** The service name, without a provider suffix. */
    String name();

    /** Traefik's JSON field naming the kind: {@code loadBalancer} or {@code weighted}. */
    String type();
}
