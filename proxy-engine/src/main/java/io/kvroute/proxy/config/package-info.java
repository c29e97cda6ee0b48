/**
 * Reading the proxy's configuration from the store: list + watch of both roots, the configuration kept per entity
 * and changed by the keys each watch event or list changed.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.config.ConfigWatcher#start}: delivers decoded configurations and store status.</li>
 * </ul>
 */
package io.kvroute.proxy.config;
