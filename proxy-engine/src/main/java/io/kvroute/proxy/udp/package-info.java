/**
 * UDP routers served on UDP entry points, as Traefik v3 serves them ({@code pkg/udp}, {@code pkg/server/router/udp}):
 * a UDP router has no rule; each UDP entry point forwards every datagram to one router's service. Datagrams are kept
 * in sessions per client address: a client's first datagram picks a server, its later ones go to the same server,
 * the server's replies go back to the client, and a session idle for the entry point's timeout is closed.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.udp.UdpRoutingBuilder}: the decoded {@code udp} section to a
 *   {@link io.kvroute.proxy.udp.UdpRouting} (per UDP entry point its router and service; what is left out, with
 *   its reasons). Pure: no sockets.</li>
 *   <li>{@link io.kvroute.proxy.udp.UdpEntryPointListener}: one entry point's datagram channel and its sessions'
 *   channels to the servers on one selector thread (no thread per session); its open sessions per router for the
 *   dashboard.</li>
 *   <li>{@code UdpServicePicker}: round robin over a load balancer's servers, smooth weighted round robin over a
 *   weighted service's children.</li>
 * </ul>
 */
package io.kvroute.proxy.udp;
