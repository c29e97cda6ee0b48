package io.kvroute.kv.store.etcdhttp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.kvroute.kv.store.WatchRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The etcd v3 adapter over etcd's JSON gateway ({@code /v3/kv/range}, {@code /v3/kv/txn}, {@code /v3/watch}, ...) and
 * the JDK's HTTP classes: the same behaviour as the jetcd adapter ({@code io.kvroute.kv.store.etcd.EtcdKvStore})
 * without gRPC, Netty or Vert.x in the process. Every call waits at most {@link StoreSettings#requestTimeout()}; a list reads
 * the prefix and the header revision; watches share a few streams, one per kind of prefix ({@link WatchMultiplexer}),
 * each from the given revision + 1, ending on the stream's first error; a transaction is one etcd {@code Txn} without conditions, a put-if-absent in it a nested
 * {@code Txn} comparing the key's create revision with 0; leases are kept alive by {@link EtcdHttpLease}, one short
 * request at a time to any member, and reported lost when etcd no longer knows them.
 */
public final class EtcdHttpKvStore implements KvStore {
    private static final Duration MARK_TIMEOUT = Duration.ofSeconds(1);
    private final EtcdGateway gateway;
    private final Duration requestTimeout;
    private final Duration keepaliveTimeout;
    private final ScheduledExecutorService timers;
    private final Set<EtcdHttpLease> leases = ConcurrentHashMap.newKeySet();
    private final WatchMultiplexer watches;

    /** Connects lazily: the first call reaches etcd. Fails with {@code IllegalArgumentException} on bad settings. */
    public EtcdHttpKvStore(StoreSettings settings) {
        requireNonNull(settings, "settings");
        this.gateway = new EtcdGateway(settings);
        this.requestTimeout = settings.requestTimeout();
        this.keepaliveTimeout = settings.keepaliveTimeout();
        this.watches = new WatchMultiplexer((range, startRevision, sink) -> EtcdHttpWatch.open(gateway, range,
                startRevision, requestTimeout, sink), gateway.describe());
        this.timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kvroute-etcd-http-timers");
            thread.setDaemon(true);
            return thread;
        });
        long probeInterval = settings.keepaliveTime().toNanos();
        timers.scheduleWithFixedDelay(this::probeWatchedMembers, probeInterval, probeInterval, TimeUnit.NANOSECONDS);
    }

    @Override
    public KvSnapshot list(String prefix) {
        requireNonNull(prefix, "prefix");
        JsonNode answer = gateway.call("v3/kv/range", range(prefix), requestTimeout, "list \"" + prefix + "\"");
        List<KvPair> pairs = new ArrayList<>();
        for (JsonNode kv : answer.path("kvs")) {
            pairs.add(KvPair.of(GatewayJson.text(kv.get("key")), GatewayJson.text(kv.get("value"))));
        }
        return new KvSnapshot(pairs, GatewayJson.revision(answer));
    }

    /**
     * The key count of the prefix and the newest modification revision among its keys: one range read of keys only,
     * sorted by modification revision, limit one (etcd counts the whole range). Waits at most a second (or the request
     * timeout, if shorter): a read stuck on a hung member must not hold up the confirmation the next one gives.
     */
    @Override
    public Optional<PrefixMark> mark(String prefix) {
        requireNonNull(prefix, "prefix");
        ObjectNode newest = range(prefix).put("keys_only", true).put("limit", "1")
                .put("sort_order", "DESCEND").put("sort_target", "MOD");
        JsonNode answer = gateway.call("v3/kv/range", newest,
                requestTimeout.compareTo(MARK_TIMEOUT) < 0 ? requestTimeout : MARK_TIMEOUT,
                "mark of \"" + prefix + "\"");
        JsonNode kvs = answer.path("kvs");
        long newestChange = kvs.isEmpty() ? 0 : GatewayJson.int64(kvs.get(0).get("mod_revision"));
        return Optional.of(new PrefixMark(GatewayJson.int64(answer.get("count")), newestChange));
    }

    /**
     * Registers the watch with the store's watch streams ({@link WatchMultiplexer}): one stream per kind of watched
     * prefix over the tightest range of its prefixes, so an agent holds a few etcd connections for all its watches and
     * receives the changes of those ranges only.
     */
    @Override
    public KvWatch watch(String prefix, long afterRevision, WatchListener listener) {
        requireNonNull(prefix, "prefix");
        requireNonNull(listener, "listener");
        return watches.watch(prefix, afterRevision, listener);
    }

    /** Registers every watch, then opens or reopens each stream they need once ({@link WatchMultiplexer#watchAll}). */
    @Override
    public List<KvWatch> watchAll(List<WatchRequest> requests) {
        requireNonNull(requests, "requests");
        return watches.watchAll(requests);
    }

    /**
     * HTTP's stand-in for the gRPC keep-alive ping: every keep-alive time one status request to each member a watch
     * stream sits on; a member that leaves it unanswered for the keep-alive timeout has hung (its connections stay open
     * and silent), and the streams on it end so their watchers watch again elsewhere.
     */
    private void probeWatchedMembers() {
        Map<URI, List<EtcdHttpWatch>> byMember = new LinkedHashMap<>();
        for (WatchMultiplexer.Stream stream : watches.streams()) {
            EtcdHttpWatch watch = (EtcdHttpWatch) stream;
            watch.member().ifPresent(member -> byMember.computeIfAbsent(member, m -> new ArrayList<>()).add(watch));
        }
        byMember.forEach((member, onIt) -> gateway.probe(member, keepaliveTimeout, "status of " + member)
                .whenComplete((answer, failure) -> {
                    if (failure != null) {
                        KvStoreException silent = GatewayErrors.fromFailure(failure, keepaliveTimeout, describe(),
                                "status of " + member);
                        onIt.forEach(watch -> watch.memberSilent(silent));
                    }
                }));
    }

    @Override
    public long commit(KvTransaction transaction) {
        requireNonNull(transaction, "transaction");
        TransactionRules.check(transaction, gateway.describe());
        ObjectNode txn = EtcdGateway.JSON.createObjectNode();
        ArrayNode success = txn.putArray("success");
        transaction.operations().forEach(operation -> success.add(toOp(operation)));
        String call = "transaction of " + transaction.operations().size() + " operation(s)" + transaction.operations()
                .stream().findFirst().map(first -> " starting with \"" + keyOf(first) + "\"").orElse("");
        return GatewayJson.revision(gateway.call("v3/kv/txn", txn, requestTimeout, call));
    }

    @Override
    public Lease grantLease(Duration ttl, LeaseListener listener) {
        requireNonNull(listener, "listener");
        long seconds = LeaseTtl.wholeSeconds(ttl);
        JsonNode answer = gateway.call("v3/lease/grant", EtcdGateway.JSON.createObjectNode().put("TTL",
                Long.toString(seconds)), requestTimeout, "grant lease of " + seconds + " s");
        EtcdHttpLease lease = new EtcdHttpLease(GatewayJson.int64(answer.get("ID")), ttl, listener, gateway,
                requestTimeout, timers);
        leases.add(lease);
        lease.arm();
        return lease;
    }

    /** Compacts etcd's history up to {@code revision}: watches from older revisions then end with COMPACTED. */
    public void compact(long revision) {
        gateway.call("v3/kv/compaction", EtcdGateway.JSON.createObjectNode().put("revision", Long.toString(revision)),
                requestTimeout, "compact to revision " + revision);
    }

    @Override
    public String describe() {
        return gateway.describe();
    }

    @Override
    public String provider() {
        return "etcd";
    }

    @Override
    public void close() {
        leases.forEach(EtcdHttpLease::stopKeepAlive);
        leases.clear();
        watches.close();
        timers.shutdownNow();
        gateway.close();
    }

    private static ObjectNode range(String prefix) {
        return EtcdGateway.JSON.createObjectNode().put("key", GatewayJson.prefixStart(prefix))
                .put("range_end", GatewayJson.prefixEnd(prefix));
    }

    private ObjectNode toOp(KvOperation operation) {
        ObjectNode op = EtcdGateway.JSON.createObjectNode();
        if (operation instanceof KvOperation.Put put) {
            ObjectNode request = EtcdGateway.JSON.createObjectNode().put("key", GatewayJson.base64(put.key()))
                    .put("value", GatewayJson.base64(put.value()));
            put.lease().ifPresent(lease -> request.put("lease", Long.toString(leaseId(put.key(), lease))));
            if (put.ifAbsent()) {
                ObjectNode nested = EtcdGateway.JSON.createObjectNode();
                nested.putArray("compare").addObject().put("key", GatewayJson.base64(put.key()))
                        .put("target", "CREATE").put("result", "EQUAL").put("create_revision", "0");
                nested.putArray("success").addObject().set("request_put", request);
                op.set("request_txn", nested);
            } else {
                op.set("request_put", request);
            }
            return op;
        }
        if (operation instanceof KvOperation.Delete delete) {
            op.putObject("request_delete_range").put("key", GatewayJson.base64(delete.key()));
            return op;
        }
        op.set("request_delete_range", range(((KvOperation.DeletePrefix) operation).prefix()));
        return op;
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
        if (lease instanceof EtcdHttpLease etcdLease) {
            return etcdLease.numericId();
        }
        try {
            return Long.parseUnsignedLong(lease.id(), 16);
        } catch (NumberFormatException e) {
            throw new KvStoreException(Kind.INVALID, gateway.describe() + ": put of \"" + key + "\" names lease \""
                    + lease.id() + "\" (expected: an etcd lease id in hex)", e);
        }
    }
}
