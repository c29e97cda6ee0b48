/**
 * The HTTP middlewares kvroute applies, as Undertow handlers built from the typed model once per routing snapshot:
 * {@code stripPrefix}, {@code stripPrefixRegex}, {@code addPrefix}, {@code replacePath}, {@code replacePathRegex},
 * {@code headers} (custom request and response headers), {@code basicAuth}, {@code redirectScheme},
 * {@code redirectRegex}, {@code encodedCharacters}, and {@code retry} as a policy for the proxy client
 * ({@code chain} is expanded by routing; {@code grpcWeb} is refused with what it lacks). Behaviour
 * follows Traefik v3. A chain is built only when every middleware and setting in it is applied (fail closed); the
 * few harmless differences allowed are the {@link io.kvroute.proxy.middleware.ToleratedDeviation}s.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.proxy.middleware.MiddlewareChain#build}: a router's middlewares around the proxy
 *       handler, with {@link io.kvroute.proxy.middleware.MiddlewareWarning}s for what is not applied.</li>
 *   <li>{@link io.kvroute.proxy.middleware.MiddlewareException}: settings that cannot work; the router must not
 *       serve.</li>
 *   <li>{@link io.kvroute.proxy.middleware.MiddlewareKinds}: the middleware types the model keeps untyped that kvroute
 *       applies, each a {@link io.kvroute.proxy.middleware.MiddlewareKind} reading its settings with
 *       {@link io.kvroute.proxy.middleware.MiddlewareSettings} (every setting must be read, or the router is left
 *       out).</li>
 *   <li>{@link io.kvroute.proxy.middleware.ClientIpStrategy}: Traefik's {@code ipStrategy}, the client address
 *       allow lists and per-client limits use.</li>
 *   <li>{@link io.kvroute.proxy.middleware.MiddlewareEvents}: what the middlewares counted, per middleware and
 *       event.</li>
 *   <li>{@link io.kvroute.proxy.middleware.RetryPolicy}: attempts and backoff the proxy client reads from the
 *       exchange.</li>
 * </ul>
 */
package io.kvroute.proxy.middleware;
