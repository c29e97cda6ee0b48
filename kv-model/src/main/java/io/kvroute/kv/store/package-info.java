/**
 * The store port: what kvroute needs from etcd, Consul or the in-process store, and nothing more.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.store.KvStore}: list, watch, transactional commit, TTL leases.</li>
 *   <li>{@link io.kvroute.kv.store.KvStores#open}: the adapter for a {@link io.kvroute.kv.store.StoreSettings}.</li>
 *   <li>{@link io.kvroute.kv.store.PrefixWatcher}: the level-triggered list-and-watch loop the agent and proxy use.</li>
 *   <li>{@link io.kvroute.kv.store.KvStoreException}: the only exception adapters throw, with a kind.</li>
 * </ul>
 */
package io.kvroute.kv.store;
