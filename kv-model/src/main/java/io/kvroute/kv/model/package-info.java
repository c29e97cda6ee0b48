/**
 * The typed, immutable model of Traefik HTTP dynamic configuration that the agent writes and the proxy routes by,
 * and of its {@code tls} section (certificates, options, stores), {@code tcp} and {@code udp} sections, and their mapping to and from Traefik's JSON
 * shapes (v2/v3 {@code http} and {@code tls}, v1 {@code backends}/{@code frontends}).
 * Mapping never throws on bad input: faults become {@link io.kvroute.kv.model.Problem}s on the entity they concern,
 * and the entity stays in the model.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.model.HttpConfig}: routers, services and middlewares by name.</li>
 *   <li>{@link io.kvroute.kv.model.Router}, {@link io.kvroute.kv.model.Service}
 *       ({@link io.kvroute.kv.model.LoadBalancerService} with {@link io.kvroute.kv.model.Server}s),
 *       {@link io.kvroute.kv.model.Middleware}.</li>
 *   <li>{@link io.kvroute.kv.model.TraefikJsonMapper}: v2/v3 JSON to {@link io.kvroute.kv.model.MappedConfig} and
 *       back.</li>
 *   <li>{@link io.kvroute.kv.model.V1JsonMapper}: Traefik 1.x JSON to the model and back.</li>
 *   <li>{@link io.kvroute.kv.model.RawSettings}: untyped settings kept verbatim so they round trip.</li>
 *   <li>{@link io.kvroute.kv.model.TlsConfig}: {@link io.kvroute.kv.model.TlsCertificate}s,
 *       {@link io.kvroute.kv.model.TlsOptions} and {@link io.kvroute.kv.model.TlsStore}s;
 *       {@link io.kvroute.kv.model.TlsChecks} reads their files (paths or PEM) and checks certificates, keys and
 *       Traefik's TLS names ({@link io.kvroute.kv.model.TlsNames}) without any network.</li>
 *   <li>{@link io.kvroute.kv.model.TcpConfig} ({@link io.kvroute.kv.model.TcpRouter},
 *       {@link io.kvroute.kv.model.TcpService}, {@link io.kvroute.kv.model.TcpMiddleware},
 *       {@link io.kvroute.kv.model.TcpServersTransport}) and {@link io.kvroute.kv.model.UdpConfig}
 *       ({@link io.kvroute.kv.model.UdpRouter}, {@link io.kvroute.kv.model.UdpService}): read from Traefik's JSON
 *       ({@code TcpJson}, {@code UdpJson}); the proxy serves them.</li>
 * </ul>
 */
package io.kvroute.kv.model;
