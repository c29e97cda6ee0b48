/**
 * The running proxy: configuration watch, snapshot swaps, health checks and connection pools in step, Undertow
 * entry points, request metrics.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.runtime.ProxyRuntime#start}: store + settings to a serving proxy.</li>
 *   <li>{@link io.kvroute.proxy.runtime.ProxySettings}: entry points, timeouts, limits.</li>
 * </ul>
 */
package io.kvroute.proxy.runtime;
