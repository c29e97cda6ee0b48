/**
 * Traefik's key layout named in one place, as Traefik 1.7's {@code provider/kv/keynames.go} does: every path segment
 * and every key the project writes or reads (writer, reader, agent, proxy), per layout, with the root normalised once
 * and the v1 root found once. No other package spells a key path; a test in {@code units} fails on a Traefik path
 * literal outside {@code io.kvroute.kv.layout}. Depends on nothing but {@code io.kvroute.kv.store}'s
 * {@code KvPair}, so the model can use it without a package cycle.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.layout.keys.KvRoot}: {@code --prefix} to the v2/v3 root and the v1 root</li>
 *   <li>{@link io.kvroute.kv.layout.keys.DynamicKeys}: v2/v3 keys ({@code traefik/http/services/<s>/...})</li>
 *   <li>{@link io.kvroute.kv.layout.keys.V1Keys}: Traefik 1.7 keys ({@code /traefik/backends/<b>/...})</li>
 *   <li>{@link io.kvroute.kv.layout.keys.AgentStatusKeys}: kvroute's own {@code kvroute/agents/<node>}, each
 *       agent's status key</li>
 *   <li>{@link io.kvroute.kv.layout.keys.KeyPaths}: list elements, and full keys read back to their entity or
 *       server</li>
 * </ul>
 */
package io.kvroute.kv.layout.keys;
