package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** One write inside a {@link KvTransaction}. */
public sealed interface KvOperation {

    /** Sets {@code key} to {@code value}, bound to {@code lease} when present. */
    record Put(String key, String value, Optional<Lease> lease) implements KvOperation {
        public Put {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
            requireNonNull(lease, "lease");
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
