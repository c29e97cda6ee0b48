/**
 * Traefik 1.7's backend and frontend keys: the section schema with Traefik 1.x JSON names and the provider's
 * defaults, and the section reader and writer behind {@code V1KvDecoder} and {@code V1KvEncoder}.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.layout.v1.V1Schema}: every backend and frontend key</li>
 *   <li>{@link io.kvroute.kv.layout.v1.V1SectionDecoder}, {@link io.kvroute.kv.layout.v1.V1SectionEncoder}</li>
 *   <li>{@link io.kvroute.kv.layout.v1.V1FrontendRules}: the rules the table cannot express</li>
 * </ul>
 */
package io.kvroute.kv.layout.v1;
