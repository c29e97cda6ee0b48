/**
 * A declarative schema of Traefik v3.7's dynamic HTTP, TCP, UDP and TLS configuration as the KV provider reads it: per field
 * its JSON name, type, allowEmpty tag, pointer-ness, decode-time default and the first Traefik version knowing it.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.layout.schema.DynamicSchema}: the root ({@code http}, {@code tcp}, {@code udp},
 *   {@code tls})</li>
 *   <li>{@link io.kvroute.kv.layout.schema.RouterSchema}, {@link io.kvroute.kv.layout.schema.ServiceSchema},
 *   {@link io.kvroute.kv.layout.schema.MiddlewareSchema}: the entities</li>
 *   <li>{@link io.kvroute.kv.layout.schema.TlsSchema}: the {@code tls} section (certificates, options, stores),
 *   each entry isolated like an entity</li>
 *   <li>{@link io.kvroute.kv.layout.schema.TcpSchema}, {@link io.kvroute.kv.layout.schema.UdpSchema}: the
 *   {@code tcp} and {@code udp} sections, their routers, services and middlewares isolated like HTTP's</li>
 *   <li>{@link io.kvroute.kv.layout.schema.Field}: how one field is described</li>
 * </ul>
 */
package io.kvroute.kv.layout.schema;
