/**
 * The Consul adapter of the {@link io.kvroute.kv.store.KvStore} port, over kiwiproject consul-client: recursive KV
 * reads, blocking-query watches, {@code /v1/txn} transactions and sessions with {@code Behavior=delete} as leases.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.store.consul.ConsulKvStore}: the adapter and how each port call maps to Consul's API.</li>
 *   <li>{@code ConsulPrefixWatch}: the blocking-query loop, index resets and retries.</li>
 *   <li>{@code ConsulTransactions}: how puts, leased puts and deletes become transaction operations.</li>
 *   <li>{@code ConsulSessionLease}: session creation, renewal at TTL/3 and loss detection.</li>
 *   <li>{@code ConsulConnection}, {@code ConsulTls}, {@code ConsulErrors}: settings, TLS and error translation.</li>
 * </ul>
 */
package io.kvroute.kv.store.consul;
