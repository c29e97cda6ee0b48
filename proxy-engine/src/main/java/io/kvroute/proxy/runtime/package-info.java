/**
 * The running proxy: Undertow entry points, health checks and connection pools, request metrics and gauges
 * (lifecycle, {@link io.kvroute.proxy.runtime.ProxyRuntime}), and the configuration pipeline that turns every store
 * change into a new serving snapshot ({@code SnapshotPipeline}, on one thread of its own).
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.runtime.ProxyRuntime#start}: store + settings to a serving proxy; {@code close()}
 *       stops it gracefully.</li>
 *   <li>{@code SnapshotPipeline}: router hold, routing snapshot, router chains, swap, health targets, pools, logs;
 *       the store watch and the hold timer only signal it, and it builds from the newest configuration.</li>
 *   <li>{@link io.kvroute.proxy.runtime.ProxySettings}: entry points, timeouts, limits.</li>
 *   <li>{@code EntryPointClientCertificates}: the TLS to servers each TLS entry point gives Traefik 1.7
 *       {@code passTLSCert} frontends, made again with every TLS change.</li>
 *   <li>{@link io.kvroute.proxy.runtime.RuntimeExtensions}: handlers in front of routing per entry point and a view
 *       of every decode (ACME's HTTP-01 answers and the routers it orders for).</li>
 *   <li>{@link io.kvroute.proxy.runtime.StoreState}: whether the store answers; the snapshot is stale while not.</li>
 *   <li>{@code AgentStatusWatch} / {@link io.kvroute.proxy.runtime.AgentStatuses}: the agents' status keys
 *       ({@code kvroute/agents/<node>}), their version, lease TTL and problems, shown by the dashboard.</li>
 * </ul>
 */
package io.kvroute.proxy.runtime;
