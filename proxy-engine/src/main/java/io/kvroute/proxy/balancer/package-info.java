/**
 * Load balancing for the proxy: pure logic, no sockets. Balancers are built once per routing snapshot from the
 * configuration, carried over while a service is unchanged, and read live server usability (health verdict and
 * operator drains) on every pick.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.balancer.ServiceBalancer}: {@code pick(exclude, request)} returns a
 *       {@link io.kvroute.proxy.balancer.Pick} (server, sticky cookies to set, mirror copies, the request's count
 *       in flight) or empty (answer 503).</li>
 *   <li>{@link io.kvroute.proxy.balancer.ServerBalancer}: a service's servers by its
 *       {@link io.kvroute.proxy.balancer.BalancingStrategy}: nginx's smooth weighted round robin, Traefik's p2c
 *       ({@code PowerOfTwoChoices}), hrw ({@code RendezvousHash}) or leasttime ({@code LeastTime});
 *       {@link io.kvroute.proxy.balancer.WeightedBalancer}: smooth weighted round robin over child services;
 *       {@link io.kvroute.proxy.balancer.RendezvousBalancer}: Traefik's highest random weight over child services.</li>
 *   <li>{@link io.kvroute.proxy.balancer.MirroringBalancer}: the main service's picks, with Traefik's count of
 *       {@link io.kvroute.proxy.balancer.MirrorCopy copies} for the mirrors;
 *       {@link io.kvroute.proxy.balancer.FailoverBalancer}: the main service while it has a usable server, else the
 *       fallback, and the fallback for a request the main service answered with one of its
 *       {@link io.kvroute.proxy.balancer.FailoverErrors errors} statuses.</li>
 *   <li>{@link io.kvroute.proxy.balancer.BalancerRegistry}: the balancers of one snapshot, built from the previous
 *       registry so unchanged services keep their instances.</li>
 *   <li>{@link io.kvroute.proxy.balancer.UsabilityView}: what a pick asks about a server's
 *       {@link io.kvroute.proxy.balancer.ServerUsability} (up, down, ejected until) and drains;
 *       {@link io.kvroute.proxy.balancer.UsabilityBoard} is the thread-safe implementation to feed.</li>
 *   <li>{@link io.kvroute.proxy.balancer.StickyCookieSpec}: a service's sticky cookie with Traefik's defaults.</li>
 * </ul>
 */
package io.kvroute.proxy.balancer;
