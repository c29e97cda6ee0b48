/**
 * The proxy's {@code --web} listener: a dashboard page (plain HTML, CSS and JavaScript from this package's
 * resources, light or dark as the system is, laid out for phones too) that shows routers (each with its entry point
 * -> TLS -> middlewares -> service -> servers flow), services, servers with their health, request share and the
 * last 5 minutes of traffic, the proxy's no-route and 5xx counts, what needs attention, problems, the store, the
 * agents, TCP and UDP routers with their open connections and sessions, the entry points with their TLS and the
 * certificates the TLS entry points can present;
 * Traefik's API shapes ({@code /api/rawdata}, {@code /api/http/*}, {@code /api/tcp/*}, {@code /api/udp/*},
 * {@code /api/overview}, {@code /api/certificates}, ...); an operator drain
 * action; {@code /ping} and Prometheus {@code /metrics}. Basic auth with failed logins throttled per client,
 * canonical paths before the auth decision, CSRF checks, security headers, small request limits, and every configured
 * secret hidden in every answer.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.web.WebServer#start}: starts it; refuses non-loopback addresses without auth.</li>
 *   <li>{@link io.kvroute.proxy.web.WebOptions}: address and users.</li>
 *   <li>{@code RuntimeView}: the status of every entity, read from the running proxy.</li>
 *   <li>{@code TraefikJson} / {@code TraefikApi}: Traefik's API objects and endpoints; {@code StreamApiJson}: those
 *       of the {@code tcp} and {@code udp} sections.</li>
 *   <li>{@code DashboardState} / {@code DashboardApi}: the page's data and the drain action; {@code TrafficSampler}:
 *       the last 5 minutes of traffic per service, per server and for the whole proxy; {@code AgentSightings}: when
 *       each agent node was first and last seen (its version, lease TTL and problems come from
 *       {@link io.kvroute.proxy.runtime.ProxyRuntime#agentStatuses()}).</li>
 *   <li>{@code TlsApiJson}: entry points with {@code http.tls} and {@code http.redirections}, and the certificates
 *       (names, issuer, not-after, source, expired; never key material).</li>
 *   <li>{@code CertificatesApiJson}: Traefik's {@code /api/certificates} objects (by SHA-256 fingerprint, with
 *       Traefik's 30-day warning); {@code InternalRedirections}: the {@code @internal} router, middleware and
 *       service Traefik shows for the entry points' redirections.</li>
 *   <li>{@code Redaction} / {@code CurrentRedaction}: the configured secrets, hidden in every JSON answer (in
 *       {@code Responses}) and in {@code /metrics}.</li>
 *   <li>{@code LoginThrottle}: 429 with {@code Retry-After} after 10 failed logins from one client in a minute.</li>
 * </ul>
 */
package io.kvroute.proxy.web;
