package io.kvroute.kv.testing.consul;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Applies the KV operations of one {@code /v1/txn} to a copy of the table, as Consul does: every operation runs, all
 * failures are collected with their index, and the copy is adopted only when none failed. Runs while the
 * {@link ConsulState} monitor is held.
 */
final class TxnRunner {
    /** Consul's limit on operations per transaction. */
    static final int MAX_OPERATIONS = 64;

    /** What a transaction produced: result entries (value included for reads) or errors by operation index. */
    record Outcome(KvTable table, List<Result> results, Map<Integer, String> errors) {
        boolean failed() {
            return !errors.isEmpty();
        }
    }

    /** One result entry; {@code withValue} is true for reads, false for writes (Consul omits the value). */
    record Result(KvEntry entry, boolean withValue) {
    }

    private final ConsulState state;

    TxnRunner(ConsulState state) {
        this.state = state;
    }

    Outcome run(KvTable current, List<TxnOp> operations, long index) {
        if (operations.size() > MAX_OPERATIONS) {
            throw new ConsulApiError(413, "Transaction contains too many operations (" + operations.size() + " > "
                    + MAX_OPERATIONS + ")");
        }
        KvTable table = current.copy();
        List<Result> results = new ArrayList<>();
        Map<Integer, String> errors = new TreeMap<>();
        for (int i = 0; i < operations.size(); i++) {
            TxnOp op = operations.get(i);
            try {
                apply(table, op, index).ifPresent(results::add);
            } catch (ConsulApiError e) {
                errors.put(i, e.getMessage());
            }
        }
        return new Outcome(table, List.copyOf(results), Collections.unmodifiableMap(errors));
    }

    private Optional<Result> apply(KvTable table, TxnOp op, long index) {
        String key = op.key();
        switch (op.verb()) {
            case "set":
                return written(table.set(key, op.value(), op.flags(), index));
            case "cas":
                requireIndex(table, op, "failed to set key %s, index is stale");
                return written(table.set(key, op.value(), op.flags(), index));
            case "lock":
                state.lock(table, key, op.value(), op.flags(), session(op), index);
                return written(table.get(key).orElseThrow());
            case "unlock":
                state.unlock(table, key, op.value(), op.flags(), session(op), index);
                return written(table.get(key).orElseThrow());
            case "get":
                return Optional.of(new Result(existing(table, key), true));
            case "check-index":
                requireIndex(table, op, "current modify index %s does not match");
                return Optional.of(new Result(existing(table, key), false));
            case "check-session":
                KvEntry held = existing(table, key);
                if (!held.session().equals(op.session())) {
                    throw new ConsulApiError(409, "failed session check for key \"" + key + "\", current session "
                            + held.session().orElse("\"\"") + " != " + op.session().orElse("\"\""));
                }
                return Optional.of(new Result(held, false));
            case "check-not-exists":
                if (table.get(key).isPresent()) {
                    throw new ConsulApiError(409, "key \"" + key + "\" exists");
                }
                return Optional.empty();
            case "delete":
                table.delete(key, index);
                return Optional.empty();
            case "delete-cas":
                requireIndex(table, op, "failed to delete key %s, index is stale");
                table.delete(key, index);
                return Optional.empty();
            case "delete-tree":
                table.deleteTree(key, index);
                return Optional.empty();
            default:
                throw new ConsulApiError(409, "unknown KV verb \"" + op.verb() + "\"");
        }
    }

    private static Optional<Result> written(KvEntry entry) {
        return Optional.of(new Result(entry, false));
    }

    private static KvEntry existing(KvTable table, String key) {
        return table.get(key).orElseThrow(() -> new ConsulApiError(409, "key \"" + key + "\" doesn't exist"));
    }

    /** Consul's check-and-set: index 0 means "only if absent", otherwise the entry's ModifyIndex must match. */
    private static void requireIndex(KvTable table, TxnOp op, String message) {
        long actual = table.get(op.key()).map(KvEntry::modifyIndex).orElse(0L);
        boolean matches = op.index() == 0 ? table.get(op.key()).isEmpty() : actual == op.index();
        if (!matches) {
            throw new ConsulApiError(409, String.format(message, "\"" + op.key() + "\""));
        }
    }

    private static String session(TxnOp op) {
        return op.session().orElseThrow(() -> new ConsulApiError(409, "missing session for \"" + op.verb()
                + "\" on key \"" + op.key() + "\""));
    }
}
