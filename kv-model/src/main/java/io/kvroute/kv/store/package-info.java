/**
 * The store port: what kvroute needs from etcd, Consul or the in-process store (list a prefix at a revision, watch
 * from a revision, all-or-nothing transactions, TTL leases), and the read loop built on it, which applies the changes
 * a watch reports (etcd) or re-lists where it only signals.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.store.KvStore}: the port every adapter implements;</li>
 *   <li>{@link io.kvroute.kv.store.PrefixWatcher}: list + watch loop (changes applied as reported, re-lists as
 *       the fallback) with backoff and availability status;</li>
 *   <li>{@link io.kvroute.kv.store.KvStoreException}: the one exception adapters throw, with a kind;</li>
 *   <li>{@link io.kvroute.kv.store.LeaseTtl}: the one check and the whole-second rounding of a lease's TTL;</li>
 *   <li>{@link io.kvroute.kv.store.KvStores#open}: the adapter (memory, etcd, consul) for a {@link io.kvroute.kv.store.StoreSettings};
 *       for etcd jetcd's ({@code kv.store.etcd}: the proxy, standalone and {@code kv} commands), while
 *       {@link io.kvroute.kv.store.KvStores#openForAgent} gives the agent the adapter over etcd's JSON gateway
 *       ({@code kv.store.etcdhttp}), which leaves out jetcd's gRPC/Netty stack to fit the agent's memory budget.</li>
 * </ul>
 */
package io.kvroute.kv.store;
