/**
 * The in-process {@link io.kvroute.kv.store.KvStore} for {@code standalone} mode and fast tests: global revision,
 * byte-wise order, all-or-nothing transactions, TTL leases on a scheduler, asynchronous watches, compaction.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.store.memory.MemoryKvStore}: the store, with test hooks to lose a lease's keep-alive;</li>
 *   <li>{@code KeySpace}: keys in byte-wise order with their leases;</li>
 *   <li>{@code ChangeLog}: the bounded revision history that serves watches from older revisions.</li>
 * </ul>
 */
package io.kvroute.kv.store.memory;
