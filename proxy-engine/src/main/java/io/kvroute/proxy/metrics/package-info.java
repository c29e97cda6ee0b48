/**
 * Traefik's Prometheus metrics, under Traefik's names, labels and buckets, so that dashboards made for Traefik read
 * kvroute unchanged; kvroute's own metrics stay under {@code kvroute_} (the runtime's {@code RequestMetrics}, the
 * health checker's, the middlewares').
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.metrics.TraefikMetrics}: {@code entryPoint(name)} once per entry point,
 *       {@code record(...)} per completed request, {@code reloaded(snapshot, now)} per configuration applied,
 *       {@code openConnections(name, count)}.</li>
 *   <li>{@code LabelledMeters}: the meters of one entry point, router or service, found by array index per
 *       method, protocol ({@code RequestKind}) and status code.</li>
 * </ul>
 */
package io.kvroute.proxy.metrics;
