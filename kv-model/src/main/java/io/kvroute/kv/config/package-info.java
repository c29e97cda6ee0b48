/**
 * From store pairs to a usable configuration in one call: detects the layout, decodes with the layout codecs,
 * maps to the typed model, loads and checks the {@code tls} section (certificate files read on this host, validity
 * judged at the time of the decode) and collects every problem.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.config.ConfigDecoder#decode}: pairs + prefix to {@link io.kvroute.kv.config.DecodedConfig}.</li>
 * </ul>
 */
package io.kvroute.kv.config;
