/**
 * Schema-driven conversion between the key tree and Traefik JSON: typing with Traefik's parsing, defaults and
 * {@code omitempty}, writing pairs back, and the problem scopes that isolate failures per entity.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.layout.codec.NodeTyper}: key tree to JSON</li>
 *   <li>{@link io.kvroute.kv.layout.codec.SchemaWriter}: JSON to pairs</li>
 *   <li>{@link io.kvroute.kv.layout.codec.ScalarCodec}: scalar values both ways</li>
 * </ul>
 */
package io.kvroute.kv.layout.codec;
