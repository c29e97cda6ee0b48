/**
 * TCP routers served on the entry points beside the HTTP ones, as Traefik serves them: routed by the connection's
 * client address, and for TLS by the SNI and ALPN of its ClientHello, then passed through untouched, or terminated
 * with the store's certificates and TLS options, or handed to the HTTPS routers; bytes copied both ways on the
 * connection's own I/O thread (Undertow's {@code Transfer}), no thread per connection.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.tcp.TcpRoutingBuilder}: the decoded {@code tcp} section to a
 *   {@link io.kvroute.proxy.tcp.TcpRouting} (per entry point a {@code TcpEntryPointTable} of {@code TcpRoute}s in
 *   priority order; what is left out, with its reasons), as Traefik's TCP router and service managers check it.</li>
 *   <li>{@link io.kvroute.proxy.tcp.TcpEntrySwitch}: each accepted connection of an entry point, in Traefik's order
 *   (plain TCP at once when only plain TCP routers are there, else by the first bytes: plain TCP or HTTP; a
 *   ClientHello: ACME and HTTPS host names first, then TLS TCP routers, the HTTPS catch-all, a TLS catch-all; a
 *   Postgres SSLRequest answered by {@code PostgresStartTls}, its ClientHello for the TLS TCP routers; for a
 *   passthrough one, {@code PostgresServerStartTls} asks the server again and drops its {@code S}).</li>
 *   <li>{@link io.kvroute.proxy.tcp.TcpForwarding}: middlewares ({@code TcpIpAllowGate}, {@code TcpInFlightGate}),
 *   TLS termination, a server picked ({@code TcpServicePicker}: round robin, weighted services by smooth weighted
 *   round robin; servers a {@code healthCheck} holds DOWN skipped, see {@link io.kvroute.proxy.tcp.TcpServerKeys}) and
 *   dialled ({@code TcpDial}), the PROXY protocol header ({@code ProxyProtocolHeader}), TLS to a server with
 *   {@code tls} ({@link io.kvroute.proxy.upstream.TlsToServer}, from the servers transport's {@code tls} by
 *   {@code TcpServersTransportTls}; refusals named by {@code CertificateRefusals}), then {@code TcpRelay} with the
 *   termination delay; {@link io.kvroute.proxy.tcp.OpenConnectionsByRouter} counts the relayed connections per
 *   router for the dashboard.</li>
 *   <li>{@code TcpRuleMatch}: Traefik's TCP matchers over {@code TcpConnectionFacts}.</li>
 * </ul>
 */
package io.kvroute.proxy.tcp;
