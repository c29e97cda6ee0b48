/**
 * The store port: what kvroute needs from etcd, Consul or the in-process store (list a prefix at a revision, watch
 * from a revision, all-or-nothing transactions, TTL leases), and the level-triggered read loop built on it.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.store.KvStore}: the port every adapter implements;</li>
 *   <li>{@link io.kvroute.kv.store.PrefixWatcher}: list + watch + re-list loop with backoff and availability status;</li>
 *   <li>{@link io.kvroute.kv.store.KvStoreException}: the one exception adapters throw, with a kind;</li>
 *   <li>adapters: {@code memory.MemoryKvStore}, {@code etcd.EtcdKvStore}, {@code consul}.</li>
 * </ul>
 */
package io.kvroute.kv.store;
