package io.kvroute.kv.store.consul;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvOperation;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kiwiproject.consul.KeyValueClient;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.kv.ImmutableOperation;
import org.kiwiproject.consul.model.kv.Operation;
import org.kiwiproject.consul.model.kv.TxResponse;
import org.kiwiproject.consul.model.kv.Value;
import org.kiwiproject.consul.model.kv.Verb;

/**
 * Runs a {@link KvTransaction} as one {@code PUT /v1/txn}, which Consul applies all or nothing.
 *
 * <p>A put first deletes the key so that it ends up bound exactly as asked, like an etcd put: a plain Consul
 * {@code set} would keep a lock some session holds on the key, so the key would still vanish with that session.
 * A put with a lease is then a {@code lock} with the lease's session ({@code ?acquire} inside a transaction); a
 * put without one is a {@code set}; a put-if-absent checks {@code check-not-exists} instead of deleting first. A
 * delete is {@code delete}, a prefix delete {@code delete-tree}.
 */
final class ConsulTransactions {
    /** The verb that fails a transaction when the key exists (consul-client's {@link Verb} lacks it). */
    private static final String CHECK_NOT_EXISTS = "check-not-exists";
    /** Consul refuses transactions with more operations than this (HTTP 413). */
    static final int MAX_CONSUL_OPERATIONS = 64;

    private final KeyValueClient kv;

    ConsulTransactions(KeyValueClient kv) {
        this.kv = requireNonNull(kv, "kv");
    }

    /** Applies the transaction and returns the Consul index it was committed at (or a later one). */
    long commit(KvTransaction transaction) {
        if (transaction.isEmpty()) {
            return currentIndex("");
        }
        List<Operation> operations = operations(transaction);
        ConsulResponse<TxResponse> response = kv.performTransaction(operations.toArray(Operation[]::new));
        return committedIndex(response.getResponse())
                .orElseGet(() -> currentIndex(firstKey(transaction.operations().get(0))));
    }

    static List<Operation> operations(KvTransaction transaction) {
        List<Operation> operations = new ArrayList<>();
        for (KvOperation operation : transaction.operations()) {
            if (operation instanceof KvOperation.Put put) {
                operations.add(put.ifAbsent()
                        ? ImmutableOperation.builder().verb(CHECK_NOT_EXISTS).key(put.key()).build()
                        : Operation.builder(Verb.DELETE).key(put.key()).build());
                operations.add(put.lease().isPresent()
                        ? Operation.builder(Verb.LOCK).key(put.key()).value(put.value())
                                .session(put.lease().map(Lease::id).get()).build()
                        : Operation.builder(Verb.SET).key(put.key()).value(put.value()).build());
            } else if (operation instanceof KvOperation.Delete delete) {
                operations.add(Operation.builder(Verb.DELETE).key(delete.key()).build());
            } else if (operation instanceof KvOperation.DeletePrefix deletePrefix) {
                operations.add(Operation.builder(Verb.DELETE_TREE).key(deletePrefix.prefix()).build());
            }
        }
        if (operations.size() > MAX_CONSUL_OPERATIONS) {
            throw new KvStoreException(Kind.INVALID, "transaction: " + transaction.operations().size()
                    + " operations need " + operations.size() + " Consul operations (expected: at most "
                    + MAX_CONSUL_OPERATIONS + " per /v1/txn; a put counts twice); split it");
        }
        return operations;
    }

    /** Written entries come back with their ModifyIndex, which is the transaction's index. */
    private static Optional<Long> committedIndex(TxResponse response) {
        if (response == null) {
            return Optional.empty();
        }
        return response.results().stream()
                .flatMap(result -> result.values().stream())
                .map(Value::getModifyIndex)
                .max(Long::compare);
    }

    /**
     * Deletes return no entry. A recursive read under a deleted key reports the index of its tombstone (Consul keeps
     * tombstones so that blocking queries see deletions), which is the transaction's index.
     */
    private long currentIndex(String key) {
        return indexOf(kv.getConsulResponseWithValues(key).getIndex());
    }

    static long indexOf(BigInteger index) {
        return index == null || index.signum() <= 0 ? 1 : index.longValue();
    }

    private static String firstKey(KvOperation operation) {
        if (operation instanceof KvOperation.Put put) {
            return put.key();
        }
        if (operation instanceof KvOperation.Delete delete) {
            return delete.key();
        }
        return ((KvOperation.DeletePrefix) operation).prefix();
    }
}
