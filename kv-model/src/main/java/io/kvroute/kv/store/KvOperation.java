package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** One write inside a {@link KvTransaction}. */
public sealed interface KvOperation {

    /**
     * Sets {@code key} to {@code value}, bound to {@code lease} when present. With {@code ifAbsent}, only when the key
     * does not exist at that moment; otherwise this put does nothing and the rest of the transaction still applies
     * (which one happened is not reported: a watch on the key tells). Several writers that put the same key if absent
     * write it once between them.
     */
    record Put(String key, String value, Optional<Lease> lease, boolean ifAbsent) implements KvOperation {
        public Put {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
            requireNonNull(lease, "lease");
        }

        /** An unconditional put. */
        public Put(String key, String value, Optional<Lease> lease) {
            this(key, value, lease, false);
        }
    }

    /** Deletes exactly {@code key}; deleting a missing key is not an error. */
    record Delete(String key) implements KvOperation {
        public Delete {
            requireNonNull(key, "key");
        }
    }

    /** Deletes every key starting with {@code prefix}. */
    record DeletePrefix(String prefix) implements KvOperation {
        public DeletePrefix {
            requireNonNull(prefix, "prefix");
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException("prefix: \"\" (expected: a non-empty prefix; refusing to delete everything)");
            }
        }
    }
}
