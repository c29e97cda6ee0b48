package io.kvroute.kv.store.consul;

import static java.util.Objects.requireNonNull;

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
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.store.TransactionRules;
import io.kvroute.kv.store.WatchListener;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.kv.Value;

/**
 * The {@link KvStore} over a Consul agent's HTTP API, through kiwiproject consul-client.
 *
 * <ul>
 *   <li>{@link #list}: {@code GET /v1/kv/<prefix>?recurse}; the revision is {@code X-Consul-Index} (a 404 for an
 *       empty prefix is an empty snapshot at the index Consul reports).</li>
 *   <li>{@link #watch}: blocking queries on the prefix ({@link ConsulPrefixWatch}).</li>
 *   <li>{@link #commit}: one {@code PUT /v1/txn} ({@link ConsulTransactions}) shaped by {@link TransactionRules}
 *       and Consul's limit of 64 operations; a failed transaction is {@code CONFLICT}, or {@code NOT_FOUND} when a
 *       lease's session is gone. Each put-if-absent is a transaction of its own after the others
 *       ({@code check-not-exists}, then the put), since Consul fails a whole transaction on a failed check.</li>
 *   <li>{@link #grantLease}: a session with {@code Behavior=delete} renewed at TTL/3 ({@link ConsulSessionLease}).
 *       Consul accepts session TTLs from its {@code session_ttl_min} (10 s by default) to 24 h and may keep an
 *       expired session for up to twice its TTL.</li>
 * </ul>
 */
public final class ConsulKvStore implements KvStore {
    /** How long one blocking query may wait for a change before Consul answers anyway. */
    public static final Duration DEFAULT_BLOCKING_WAIT = Duration.ofSeconds(10);

    private final Consul consul;
    private final String description;
    private final Duration blockingWait;
    private final ConsulErrors errors;
    private final ConsulTransactions transactions;
    private final String owner;
    private final ScheduledExecutorService renewals;
    private final Set<ConsulPrefixWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Connects lazily: nothing is sent before the first call. */
    public ConsulKvStore(StoreSettings settings) {
        this(settings, DEFAULT_BLOCKING_WAIT);
    }

    ConsulKvStore(StoreSettings settings, Duration blockingWait) {
        requireNonNull(settings, "settings");
        this.blockingWait = requireNonNull(blockingWait, "blockingWait");
        if (blockingWait.toSeconds() < 1 || !blockingWait.equals(Duration.ofSeconds(blockingWait.toSeconds()))) {
            throw new IllegalArgumentException("blockingWait: " + blockingWait.toMillis()
                    + "ms (expected: whole seconds, >= 1s)");
        }
        if (settings.type() != StoreSettings.Type.CONSUL) {
            throw new KvStoreException(Kind.INVALID, "store type: " + settings.type()
                    + " (expected: CONSUL for the Consul adapter)");
        }
        this.description = ConsulConnection.describe(settings);
        this.errors = new ConsulErrors(description, settings.requestTimeout());
        this.consul = ConsulConnection.open(settings);
        this.transactions = new ConsulTransactions(consul.keyValueClient());
        this.owner = ownerName();
        this.renewals = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kvroute-consul-session-renewal");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public KvSnapshot list(String prefix) {
        requireNonNull(prefix, "prefix");
        ensureOpen();
        ConsulResponse<List<Value>> response;
        try {
            response = consul.keyValueClient().getConsulResponseWithValues(prefix);
        } catch (RuntimeException e) {
            throw errors.translate("list \"" + prefix + "\"", e);
        }
        List<Value> values = response.getResponse() == null ? List.of() : response.getResponse();
        List<KvPair> pairs = values.stream()
                .map(value -> KvPair.of(value.getKey(), value.getValueAsString(StandardCharsets.UTF_8).orElse("")))
                .toList();
        return new KvSnapshot(pairs, ConsulTransactions.indexOf(response.getIndex()));
    }

    @Override
    public KvWatch watch(String prefix, long afterRevision, WatchListener listener) {
        requireNonNull(prefix, "prefix");
        requireNonNull(listener, "listener");
        ensureOpen();
        ConsulPrefixWatch watch = new ConsulPrefixWatch(consul.keyValueClient(), prefix, afterRevision,
                blockingWait, listener, errors);
        watches.add(watch);
        watch.start();
        return () -> {
            watches.remove(watch);
            watch.close();
        };
    }

    @Override
    public long commit(KvTransaction transaction) {
        requireNonNull(transaction, "transaction");
        ensureOpen();
        TransactionRules.check(transaction, description);
        List<KvOperation> ifAbsent = transaction.operations().stream()
                .filter(operation -> operation instanceof KvOperation.Put put && put.ifAbsent())
                .toList();
        KvTransaction rest = new KvTransaction(transaction.operations().stream()
                .filter(operation -> !ifAbsent.contains(operation))
                .toList());
        long index = 0;
        if (!rest.isEmpty() || ifAbsent.isEmpty()) {
            index = commitOrThrow(rest);
        }
        for (KvOperation put : ifAbsent) {
            try {
                index = Math.max(index, transactions.commit(new KvTransaction(List.of(put))));
            } catch (RuntimeException e) {
                KvStoreException failure = errors.translate("commit (put-if-absent of \""
                        + ((KvOperation.Put) put).key() + "\")", e);
                if (failure.kind() != Kind.CONFLICT) {
                    throw failure;
                }
            }
        }
        return index;
    }

    private long commitOrThrow(KvTransaction transaction) {
        try {
            return transactions.commit(transaction);
        } catch (RuntimeException e) {
            throw errors.translate("commit (" + transaction.operations().size() + " operations)", e);
        }
    }

    @Override
    public Lease grantLease(Duration ttl, LeaseListener listener) {
        requireNonNull(listener, "listener");
        ensureOpen();
        return ConsulSessionLease.create(consul.sessionClient(), ttl, owner, listener, errors, renewals);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String provider() {
        return "consul";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        watches.forEach(ConsulPrefixWatch::close);
        watches.clear();
        renewals.shutdownNow();
        consul.destroy();
    }

    private void ensureOpen() {
        if (closed) {
            throw new KvStoreException(Kind.CANCELLED, description + ": the store is closed");
        }
    }

    /** Names the session's owner for {@code consul operator}/UI readers: host and process. */
    private static String ownerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return "agent on " + host + " pid " + ProcessHandle.current().pid();
    }
}
