/**
 * The proxy's health checker: active HTTP probes per service health check and passive ejection of servers the proxy
 * failed to reach, published as one immutable {@link io.kvroute.proxy.health.HealthView}. Health owns no routes: a
 * change only tells its listener, so the proxy rebuilds balancers, not routers. Servers are named by
 * {@link io.kvroute.proxy.balancer.ServerKey} (service and server id), the name balancers, retries and drains use.
 *
 * <p>Rules: a probed server starts UNKNOWN (usable); its first passed probe makes it UP; {@code fall} failed probes
 * in a row (default 2) make it DOWN; {@code rise} passed probes in a row (default 2) bring it back UP. While DOWN it
 * is probed every {@code unhealthyInterval}. A server without a health check is always UP for the active side. A
 * reported failure ejects a server for 5 s, doubling with each ejection in a row up to 60 s; so do 3 reported timeouts
 * in a row (no response headers in time); any answer resets both. A service's Traefik {@code passiveHealthCheck}
 * ({@link io.kvroute.proxy.health.PassiveCheck}) replaces the first rule for its servers: {@code maxFailedAttempts}
 * failed attempts (connect failures, answers of 500 or more) within {@code failureWindow} eject for the window.
 *
 * <p>Probes are cheap: the checker's state, timers and probes all live on one XNIO I/O thread of its own
 * ({@link io.kvroute.proxy.health.ProbeTransport}); each server keeps one connection to its probe origin, reused by
 * probe after probe with Undertow's non-blocking client ({@link io.kvroute.proxy.health.ServerProber},
 * {@link io.kvroute.proxy.health.ProbeExchange}); a broken kept connection is retried once on a new one, as Traefik's
 * Go client does; the spec's timeout covers the whole exchange and closes the connection it ran on. Requests follow
 * Traefik's rules ({@link io.kvroute.proxy.health.ProbeRequests}, {@link io.kvroute.proxy.health.ProbeRedirects}), and
 * views are published in batches ({@link io.kvroute.proxy.health.ViewPublisher}), not one per probe. {@code https}
 * probes use the TLS of the service's servers transport as its requests do (rootCAs or the JDK's trusted
 * certificates, serverName, insecureSkipVerify, client certificates, peerCertURI;
 * {@link io.kvroute.proxy.health.ProbeTls}), as Traefik probes through the service's transport; a refused certificate is named in the probe's error
 * ({@link io.kvroute.proxy.upstream.CertificateRefusals}). {@code h2c} probes speak HTTP/2 with prior knowledge, as do the
 * gRPC health checks of {@code mode: grpc} ({@link io.kvroute.proxy.health.GrpcHealthAnswer}). TCP services' servers
 * ({@link io.kvroute.proxy.health.ProbeTarget#tcp}) are probed on the same thread and schedule, as Traefik's TCP
 * health checker probes them: a new non-blocking connection per probe, {@code send} written, {@code expect} read and
 * compared ({@link io.kvroute.proxy.health.TcpProber}).
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.health.HealthChecker}: {@code update(targets)} (all servers),
 *       {@code updateServices(targets)} (the services named), {@code view()}, and as
 *       {@link io.kvroute.proxy.health.PassiveHealth} {@code reportFailure}, {@code reportTimeout},
 *       {@code reportSuccess}, {@code isFailing}.</li>
 *   <li>{@link io.kvroute.proxy.health.ProbeTarget}: what to watch, e.g. {@code ProbeTarget.allOf(service, tls)}.</li>
 *   <li>{@link io.kvroute.proxy.health.HealthView} and {@link io.kvroute.proxy.health.ServerHealth}: the published
 *       state, {@code isUsable(key, now)}.</li>
 *   <li>{@link io.kvroute.proxy.health.HealthListener}, {@link io.kvroute.proxy.health.HealthMetrics}
 *       ({@link io.kvroute.proxy.health.MicrometerHealthMetrics}): what to tell whom.</li>
 *   <li>{@link io.kvroute.proxy.health.HealthSettings}: thresholds and ejection backoff.</li>
 * </ul>
 */
package io.kvroute.proxy.health;
