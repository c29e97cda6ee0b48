/**
 * The etcd v3 {@link io.kvroute.kv.store.KvStore} adapter over jetcd, with the caller obligations found by running
 * jetcd against a real etcd: deadlines on every call, one member at a time and the next one after a call it left
 * unanswered (jetcd's round robin kept sending calls to a hung member), lease keep-alives of its own that move past a
 * hung member, watches that end on errors. The proxy, standalone and {@code kv} commands use it; the agent uses
 * {@link io.kvroute.kv.store.etcdhttp}, the same behaviour over etcd's JSON gateway without gRPC.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link io.kvroute.kv.store.etcd.EtcdKvStore}: the adapter;</li>
 *   <li>{@code EtcdLease}: keep-alive requests to any member, retried at once when unanswered, loss detection;</li>
 *   <li>{@code EtcdWatch}: jetcd watch callbacks to {@link io.kvroute.kv.store.WatchListener};</li>
 *   <li>{@code EtcdMembers}: a jetcd client per member and the member calls go to now;</li>
 *   <li>{@code EtcdErrors}: deadlines and jetcd/gRPC error translation;</li>
 *   <li>{@code EtcdClientFactory}: endpoints, credentials and TLS into a jetcd client.</li>
 * </ul>
 */
package io.kvroute.kv.store.etcd;
