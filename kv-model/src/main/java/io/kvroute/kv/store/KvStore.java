package io.kvroute.kv.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The port every store adapter implements: etcd (jetcd), Consul (kiwiproject consul-client) and the in-process
 * memory store. Keys are plain strings compared byte-wise; the adapters never interpret them.
 *
 * <p>Every call has a deadline ({@link StoreSettings#requestTimeout()}) and fails with a {@link KvStoreException}
 * whose {@link KvStoreException.Kind kind} says what happened; no other exception leaves an adapter.
 *
 * <p>Watches signal that something under a prefix changed, and where the store can say what (etcd, memory), each
 * change with its key and value ({@link WatchListener#changes}). Callers either re-read with {@link #list(String)}
 * (level-triggered: {@link PrefixWatcher} does that loop, applying reported changes instead of listing again and
 * re-listing after compaction or a closed stream; the proxy uses it) or apply the changes to their own copy and list
 * only when a watch ended (the agent).
 */
public interface KvStore extends AutoCloseable {

    /** Every pair whose key starts with {@code prefix} (plain string prefix), with the revision of the read. */
    KvSnapshot list(String prefix);

    /**
     * Watches keys starting with {@code prefix} for changes made after {@code afterRevision}. The listener gets
     * {@link WatchListener#changed(long)} or {@link WatchListener#changes} for every change (possibly batched; never
     * part of a revision's changes without the rest) and exactly one terminal
     * {@link WatchListener#ended(KvStoreException)} if the watch stops by itself (compaction, closed stream,
     * store error); closing the returned handle ends it silently.
     */
    KvWatch watch(String prefix, long afterRevision, WatchListener listener);

    /**
     * Starts every watch of {@code requests} as {@link #watch} does, in their order, and returns their handles in that
     * order. One call for many prefixes lets an adapter that carries several watches on one stream (the etcd gateway
     * adapter) open each stream once for all of them instead of once per watch. Fails as {@link #watch} does; then none
     * of them runs.
     */
    default List<KvWatch> watchAll(List<WatchRequest> requests) {
        List<KvWatch> started = new ArrayList<>();
        try {
            for (WatchRequest request : requests) {
                started.add(watch(request.prefix(), request.afterRevision(), request.listener()));
            }
        } catch (RuntimeException e) {
            started.forEach(KvWatch::close);
            throw e;
        }
        return List.copyOf(started);
    }

    /**
     * A cheap {@link PrefixMark} of what is under {@code prefix} now, to confirm that a watch on it is still live; empty
     * where a watch cannot fall silent while its connection stays open (Consul's blocking queries time out; the memory
     * store is in-process). Fails like any call, but within a short deadline of its own.
     */
    default Optional<PrefixMark> mark(String prefix) {
        return Optional.empty();
    }

    /** Applies every operation of the transaction, all or nothing; returns the store revision after it. */
    long commit(KvTransaction transaction);

    /**
     * Grants a lease (etcd lease, Consul session with {@code Behavior=delete}) with the given TTL and keeps it alive
     * automatically at TTL/3. Keys put with this lease vanish when it expires or is revoked. When the adapter
     * finds the lease gone (keep-alive ended and the store says it expired, or NOT_FOUND), it calls
     * {@link LeaseListener#leaseLost(Lease, String)} once; the owner then grants a new lease and re-puts its keys.
     */
    Lease grantLease(Duration ttl, LeaseListener listener);

    /** What this store is, for logs and errors: {@code etcd http://127.0.0.1:2379}. */
    String describe();

    /**
     * The kind of store, as Traefik names its provider and suffixes the entities read from it
     * ({@code router@etcd}): {@code etcd}, {@code consul}, or {@code memory} for the in-process store.
     */
    String provider();

    /** Closes clients, watches and keep-alives. Does not revoke leases: they expire by TTL unless revoked first. */
    @Override
    void close();
}
