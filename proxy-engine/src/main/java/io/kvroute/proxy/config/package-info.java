/**
 * Reading the proxy's configuration from the store: list + watch of both roots, one decode per change.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.config.ConfigWatcher#start}: delivers decoded configurations and store status.</li>
 * </ul>
 */
package io.kvroute.proxy.config;
