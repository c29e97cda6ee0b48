/**
 * Traefik's circuit breaker, as vulcand/oxy's {@code cbreaker} (v2.2) that Traefik runs: a condition over the
 * recent traffic of one middleware, and the states it drives.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.middleware.circuit.Expression}: the condition language
 *       ({@code NetworkErrorRatio() > 0.5 || LatencyAtQuantileMS(50.0) > 100}), parsed with oxy's rules; a
 *       mistake is an {@link io.kvroute.proxy.middleware.expression.ExpressionException} with its column.</li>
 *   <li>{@link io.kvroute.proxy.middleware.circuit.CircuitBreaker}: standby, tripped (every request gets the
 *       fallback), recovering (a growing share of requests passes), standby again.</li>
 *   <li>{@code CircuitMetrics}: what the condition reads, over oxy's rolling windows: counts in ten 1-second buckets,
 *       latencies in six 10-second HDR histograms.</li>
 * </ul>
 */
package io.kvroute.proxy.middleware.circuit;
