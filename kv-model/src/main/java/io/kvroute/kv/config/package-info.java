/**
 * From store pairs to a usable configuration: detects the layout, decodes with the layout codecs, maps to the typed
 * model, loads and checks the {@code tls} section (certificate files read on this host, validity judged at the time
 * of the decode) and collects every problem; in one call, or kept per entity and changed by puts and deletes at a
 * cost that follows the change.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.config.ConfigDecoder#decode}: pairs + prefix to {@link io.kvroute.kv.config.DecodedConfig}.</li>
 *   <li>{@link io.kvroute.kv.config.IncrementalConfig}: the same, kept per entity; a change re-decodes the entity it
 *       touches (where a key belongs: {@code KeyPlacement}; one entity's decode: {@code EntityDecode}, its JSON
 *       kept as text: {@code EntityJson}).</li>
 * </ul>
 */
package io.kvroute.kv.config;
