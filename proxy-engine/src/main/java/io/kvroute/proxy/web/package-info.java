/**
 * The proxy's {@code --web} listener: health ({@code /ping}) and Prometheus metrics, with basic auth.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.web.WebServer#start}: starts it; refuses non-loopback addresses without auth.</li>
 * </ul>
 */
package io.kvroute.proxy.web;
