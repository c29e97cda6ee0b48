/**
 * Request routing for the proxy: the immutable {@link io.kvroute.proxy.routing.RoutingSnapshot}, built once per
 * configuration change from the decoded configuration, with router rules compiled to matchers (Traefik v3 and v1
 * semantics) and routes in priority order. A build from a snapshot of the same builder redoes only the routers,
 * services and middlewares that changed or depend on one that did ({@code BuildMemo}). Pure logic, no sockets.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.routing.SnapshotBuilder}: {@code build(decoded, version, previous)}; excluded
 *       entities and their reasons land in {@link io.kvroute.proxy.routing.RoutingSnapshot#exclusions()}, the
 *       TLS routers left out also in
 *       {@link io.kvroute.proxy.routing.RoutingSnapshot#leftOutTlsRouters()}.</li>
 *   <li>{@link io.kvroute.proxy.routing.RoutingSnapshot#route}: request and entry point to a
 *       {@link io.kvroute.proxy.routing.RouteMatch} (router, balancer, middlewares, v1 path rewrites).</li>
 *   <li>{@link io.kvroute.proxy.routing.RequestView} and {@link io.kvroute.proxy.routing.ExchangeRequestView}: what
 *       matchers read, over Undertow's exchange.</li>
 *   <li>{@link io.kvroute.proxy.routing.RuleCompiler}: one parsed rule to a
 *       {@link io.kvroute.proxy.routing.CompiledRule}.</li>
 *   <li>{@link io.kvroute.proxy.routing.PathRewrites}: v1 {@code PathPrefixStrip}, {@code AddPrefix},
 *       {@code ReplacePath}... applied to a path, with the headers Traefik adds.</li>
 *   <li>{@link io.kvroute.proxy.routing.WeightedPickers}: a weighted TCP or UDP service from the services it weighs
 *       (the TCP and UDP routing builders share it).</li>
 *   <li>{@link io.kvroute.proxy.routing.GoRegex}: Go regular expressions and replacements as Java patterns, for rules
 *       and the middlewares that take a regex.</li>
 * </ul>
 * Internals: {@code V3Matchers}, {@code V2Matchers}, {@code V1Matchers}, {@code HostMatchers}, {@code MuxTemplate}, {@code GoSyntax},
 * {@code IpRange}, {@code V1Rewrites}, {@code ServiceResolver} (with {@code CompositeSettings}: mirroring and failover
 * settings), {@code MiddlewareResolution} (a router's middleware
 * references, {@code chain}s expanded), {@code BuildMemo} (with {@code RouterOutcomes}: every router's outcome, the
 * redone ones beside an earlier build's table).
 */
package io.kvroute.proxy.routing;
