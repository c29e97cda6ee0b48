/**
 * Request paths in both forms a proxy handles: the raw, percent-encoded path it forwards and the decoded path routers
 * and middlewares match on; and Traefik v3's request path policy that checks and normalizes the raw path before
 * routing, so that the router that matches and the origin that receives a request see the same path.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.path.RequestPathPolicy#apply}: refuse encoded characters, normalize, remove dot
 *       and empty segments.</li>
 *   <li>{@link io.kvroute.proxy.path.RequestPaths}: read and replace an exchange's path, keeping both forms
 *       consistent.</li>
 * </ul>
 */
package io.kvroute.proxy.path;
