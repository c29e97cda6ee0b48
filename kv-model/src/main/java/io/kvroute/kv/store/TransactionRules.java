package io.kvroute.kv.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape etcd requires of a transaction, checked by every adapter so all stores accept the same transactions:
 * no key is put twice, and no put key is also deleted (by {@code delete} or {@code deletePrefix}) in the same
 * transaction. Deletes may overlap each other. To replace a set of keys, delete only the keys that are no longer
 * wanted and put the others.
 */
public final class TransactionRules {
    private TransactionRules() {
    }

    /** Throws {@code INVALID} naming the first offending key when {@code transaction} breaks a rule. */
    public static void check(KvTransaction transaction, String store) {
        Set<String> putKeys = new HashSet<>();
        List<String> deletedKeys = new ArrayList<>();
        List<String> deletedPrefixes = new ArrayList<>();
        for (KvOperation operation : transaction.operations()) {
            if (operation instanceof KvOperation.Put put) {
                if (!putKeys.add(put.key())) {
                    throw invalid(store, "puts \"" + put.key() + "\" twice");
                }
            } else if (operation instanceof KvOperation.Delete delete) {
                deletedKeys.add(delete.key());
            } else if (operation instanceof KvOperation.DeletePrefix deletePrefix) {
                deletedPrefixes.add(deletePrefix.prefix());
            }
        }
        for (String key : putKeys) {
            if (deletedKeys.contains(key)) {
                throw invalid(store, "puts and deletes \"" + key + "\"");
            }
            for (String prefix : deletedPrefixes) {
                if (key.startsWith(prefix)) {
                    throw invalid(store, "puts \"" + key + "\" and deletes the prefix \"" + prefix + "\"");
                }
            }
        }
    }

    private static KvStoreException invalid(String store, String problem) {
        return new KvStoreException(KvStoreException.Kind.INVALID, store + ": the transaction " + problem
                + " (expected: each key put at most once and not deleted in the same transaction)");
    }
}
