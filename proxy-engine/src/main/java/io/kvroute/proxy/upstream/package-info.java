/**
 * Servers transports as the proxy applies them ({@code http/serversTransports/<name>}, Traefik's
 * {@code ServersTransport}): what a request to a server gets from the transport its service names, compiled once per
 * configuration so that a value that cannot be used refuses the transport (and with it the service's routers)
 * instead of failing requests.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.upstream.UpstreamTransport}: timeouts, idle connections per server, TLS; the static
 *   default one for services that name none.</li>
 *   <li>{@link io.kvroute.proxy.upstream.ServerTls}: TLS to {@code https} servers from
 *   {@link io.kvroute.proxy.upstream.ServerTlsSettings} ({@code serverName}, {@code insecureSkipVerify},
 *   {@code rootCAs}, {@code certificates}, {@code peerCertURI}), checked by {@code ServerTrust} as Go's TLS client
 *   checks them, in one context made when it is compiled; {@link io.kvroute.proxy.upstream.FileDigests}: whether
 *   one kept across builds still holds what its files held (else it is compiled again).</li>
 *   <li>{@link io.kvroute.proxy.upstream.CertificateRefusals}: those checks, remembering why they refused a server's
 *   certificate, for the request's status, the TCP relay's warning and the probe's error;
 *   {@link io.kvroute.proxy.upstream.TlsToServer}: TLS client connections in the transport's context with them,
 *   wrapped around a TCP server's connection dialled plain (the relay's and the probes'), and why their handshake
 *   failed.</li>
 * </ul>
 */
package io.kvroute.proxy.upstream;
