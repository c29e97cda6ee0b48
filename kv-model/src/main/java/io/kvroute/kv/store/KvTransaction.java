package io.kvroute.kv.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes applied all or nothing by {@link KvStore#commit(KvTransaction)}. Build with {@link #builder()}.
 * Stores accept only transactions that put each key at most once and do not delete a key they put
 * ({@link TransactionRules}); others fail with {@code INVALID}.
 */
public record KvTransaction(List<KvOperation> operations) {
    public KvTransaction {
        operations = List.copyOf(operations);
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }

    /** Collects operations in order. */
    public static final class Builder {
        private final List<KvOperation> operations = new ArrayList<>();

        private Builder() {
        }

        public Builder put(String key, String value) {
            operations.add(new KvOperation.Put(key, value, Optional.empty()));
            return this;
        }

        public Builder put(String key, String value, Lease lease) {
            operations.add(new KvOperation.Put(key, value, Optional.of(lease)));
            return this;
        }

        /** Puts {@code key} bound to {@code lease} unless it exists (see {@link KvOperation.Put#ifAbsent()}). */
        public Builder putIfAbsent(String key, String value, Lease lease) {
            operations.add(new KvOperation.Put(key, value, Optional.of(lease), true));
            return this;
        }

        public Builder delete(String key) {
            operations.add(new KvOperation.Delete(key));
            return this;
        }

        public Builder deletePrefix(String prefix) {
            operations.add(new KvOperation.DeletePrefix(prefix));
            return this;
        }

        public KvTransaction build() {
            return new KvTransaction(operations);
        }
    }
}
