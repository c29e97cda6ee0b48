/**
 * Traefik's untyped key tree: pairs sorted, scalar lists folded, segments merged case-insensitively
 * ({@code pkg/config/kv/kv_node.go}).
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.layout.node.KvNodeTree#build}: pairs to tree</li>
 *   <li>{@link io.kvroute.kv.layout.node.KvNode}: one node, remembering the store keys it came from</li>
 * </ul>
 */
package io.kvroute.kv.layout.node;
