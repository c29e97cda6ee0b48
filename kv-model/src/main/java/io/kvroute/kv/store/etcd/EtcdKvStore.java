package io.kvroute.kv.store.etcd;

import static java.util.Objects.requireNonNull;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.kvroute.kv.store.KvOperation;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import io.kvroute.kv.store.LeaseTtl;
import io.kvroute.kv.store.PrefixMark;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.store.TransactionRules;
import io.kvroute.kv.store.WatchListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The etcd v3 adapter over jetcd. Every call waits at most {@link StoreSettings#requestTimeout()} (jetcd would
 * block through an outage); a list reads the prefix and the header revision; a watch starts at the given revision
 * + 1 and ends on the first error (see {@link EtcdWatch}); a transaction is one etcd {@code Txn} without
 * conditions, a put-if-absent in it a nested {@code Txn} comparing the key's create revision with 0; leases are
 * kept alive by {@link EtcdLease}, a request at a time, and reported lost when etcd no longer knows them. Calls,
 * watches and keep-alives go to one member at a time, the next one after a call it left unanswered (see
 * {@link EtcdMembers}).
 */
public final class EtcdKvStore implements KvStore {
    private static final Duration MARK_TIMEOUT = Duration.ofSeconds(1);
    private final String description;
    private final Duration requestTimeout;
    private final EtcdMembers members;
    private final ScheduledExecutorService leaseKeepAlives;
    private final Set<EtcdLease> leases = ConcurrentHashMap.newKeySet();
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();

    /** Connects lazily: the first call reaches etcd. Fails with {@code IllegalArgumentException} on bad settings. */
    public EtcdKvStore(StoreSettings settings) {
        requireNonNull(settings, "settings");
        this.description = "etcd " + String.join(",", settings.etcdMemberUrls());
        this.members = new EtcdMembers(settings, description);
        this.requestTimeout = settings.requestTimeout();
        this.leaseKeepAlives = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kvroute-etcd-lease-keep-alive");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public KvSnapshot list(String prefix) {
        requireNonNull(prefix, "prefix");
        GetOption all = GetOption.builder().isPrefix(true).build();
        GetResponse response = call("list \"" + prefix + "\"", client -> client.getKVClient().get(bytes(prefix), all));
        List<KvPair> pairs = response.getKvs().stream()
                .map(keyValue -> KvPair.of(text(keyValue.getKey()), text(keyValue.getValue())))
                .toList();
        return new KvSnapshot(pairs, response.getHeader().getRevision());
    }

    /**
     * The key count of the prefix and the newest modification revision among its keys: one range read of keys only,
     * sorted by modification revision, limit one (etcd counts the whole range). Waits at most a second (or the request
     * timeout, if shorter): a read stuck on a hung member must not hold up the confirmation the next one gives.
     */
    @Override
    public Optional<PrefixMark> mark(String prefix) {
        requireNonNull(prefix, "prefix");
        GetOption newest = GetOption.builder().isPrefix(true).withKeysOnly(true).withLimit(1)
                .withSortField(GetOption.SortTarget.MOD).withSortOrder(GetOption.SortOrder.DESCEND).build();
        GetResponse response = members.call("mark of \"" + prefix + "\"",
                requestTimeout.compareTo(MARK_TIMEOUT) < 0 ? requestTimeout : MARK_TIMEOUT,
                client -> client.getKVClient().get(bytes(prefix), newest));
        long newestChange = response.getKvs().isEmpty() ? 0 : response.getKvs().get(0).getModRevision();
        return Optional.of(new PrefixMark(response.getCount(), newestChange));
    }

    @Override
    public KvWatch watch(String prefix, long afterRevision, WatchListener listener) {
        requireNonNull(prefix, "prefix");
        requireNonNull(listener, "listener");
        EtcdMembers.Member member = members.current();
        EtcdWatch watch = new EtcdWatch(description, prefix, listener, watches::remove,
                cause -> members.unanswered(member, cause));
        watches.add(watch);
        // requireLeader: a member cut off from its leader ends the watch ("no leader") instead of staying silent.
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(afterRevision + 1)
                .withRequireLeader(true).build();
        try {
            watch.attach(member.client().getWatchClient().watch(bytes(prefix), option, watch));
        } catch (RuntimeException e) {
            watch.close();
            throw EtcdErrors.translate(e, description, "watch of \"" + prefix + "\"");
        }
        return watch;
    }

    @Override
    public long commit(KvTransaction transaction) {
        requireNonNull(transaction, "transaction");
        TransactionRules.check(transaction, description);
        Op[] operations = transaction.operations().stream().map(this::toOp).toArray(Op[]::new);
        String call = "transaction of " + operations.length + " operation(s)" + transaction.operations().stream()
                .findFirst().map(first -> " starting with \"" + keyOf(first) + "\"").orElse("");
        return call(call, client -> client.getKVClient().txn().Then(operations).commit()).getHeader().getRevision();
    }

    @Override
    public Lease grantLease(Duration ttl, LeaseListener listener) {
        requireNonNull(listener, "listener");
        long seconds = LeaseTtl.wholeSeconds(ttl);
        long id = call("grant lease of " + seconds + " s", client -> client.getLeaseClient().grant(seconds)).getID();
        EtcdLease lease = new EtcdLease(id, ttl, listener, members, description, requestTimeout, leaseKeepAlives);
        leases.add(lease);
        lease.arm();
        return lease;
    }

    /** Compacts etcd's history up to {@code revision}: watches from older revisions then end with COMPACTED. */
    public void compact(long revision) {
        call("compact to revision " + revision, client -> client.getKVClient().compact(revision));
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String provider() {
        return "etcd";
    }

    @Override
    public void close() {
        leases.forEach(EtcdLease::stopKeepAlive);
        leases.clear();
        watches.forEach(EtcdWatch::close);
        leaseKeepAlives.shutdownNow();
        members.close();
    }

    private Op toOp(KvOperation operation) {
        if (operation instanceof KvOperation.Put put) {
            PutOption.Builder option = PutOption.builder();
            put.lease().ifPresent(lease -> option.withLeaseId(leaseId(put.key(), lease)));
            Op.PutOp op = Op.put(bytes(put.key()), bytes(put.value()), option.build());
            if (put.ifAbsent()) {
                Cmp absent = new Cmp(bytes(put.key()), Cmp.Op.EQUAL, CmpTarget.createRevision(0));
                return Op.txn(new Cmp[] {absent}, new Op[] {op}, new Op[0]);
            }
            return op;
        }
        if (operation instanceof KvOperation.Delete delete) {
            return Op.delete(bytes(delete.key()), DeleteOption.DEFAULT);
        }
        KvOperation.DeletePrefix deletePrefix = (KvOperation.DeletePrefix) operation;
        return Op.delete(bytes(deletePrefix.prefix()), DeleteOption.builder().isPrefix(true).build());
    }

    private static String keyOf(KvOperation operation) {
        if (operation instanceof KvOperation.Put put) {
            return put.key();
        }
        if (operation instanceof KvOperation.Delete delete) {
            return delete.key();
        }
        return ((KvOperation.DeletePrefix) operation).prefix();
    }

    private long leaseId(String key, Lease lease) {
        if (lease instanceof EtcdLease etcdLease) {
            return etcdLease.numericId();
        }
        try {
            return Long.parseUnsignedLong(lease.id(), 16);
        } catch (NumberFormatException e) {
            throw new KvStoreException(Kind.INVALID, description + ": put of \"" + key + "\" names lease \""
                    + lease.id() + "\" (expected: an etcd lease id in hex)", e);
        }
    }

    private <T> T call(String call, Function<Client, CompletableFuture<T>> request) {
        return members.call(call, requestTimeout, request);
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }

    private static String text(ByteSequence bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
