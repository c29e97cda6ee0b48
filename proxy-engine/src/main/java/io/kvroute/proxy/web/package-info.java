/**
 * The proxy's {@code --web} listener: a dashboard page (plain HTML, CSS and JavaScript from this package's
 * resources) that shows routers, services, servers with their health and traffic, problems, the store and the agents;
 * Traefik's API shapes ({@code /api/rawdata}, {@code /api/http/*}, {@code /api/overview}, ...); an operator drain
 * action; {@code /ping} and Prometheus {@code /metrics}. Basic auth, canonical paths before the auth decision, CSRF
 * checks, security headers, small request limits.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.web.WebServer#start}: starts it; refuses non-loopback addresses without auth.</li>
 *   <li>{@link io.kvroute.proxy.web.WebOptions}: address and users.</li>
 *   <li>{@code RuntimeView}: the status of every entity, read from the running proxy.</li>
 *   <li>{@code TraefikJson} / {@code TraefikApi}: Traefik's API objects and endpoints.</li>
 *   <li>{@code DashboardState} / {@code DashboardApi}: the page's data and the drain action.</li>
 * </ul>
 */
package io.kvroute.proxy.web;
