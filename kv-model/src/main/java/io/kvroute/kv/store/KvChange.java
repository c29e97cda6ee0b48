package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One change a watch reports: {@code key} set to {@code value}, or deleted when {@code value} is empty, at store
 * revision {@code revision} (etcd's modification revision, the memory store's counter).
 */
public record KvChange(String key, Optional<String> value, long revision) {
    public KvChange {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
    }

    public static KvChange put(String key, String value, long revision) {
        return new KvChange(key, Optional.of(value), revision);
    }

    public static KvChange delete(String key, long revision) {
        return new KvChange(key, Optional.empty(), revision);
    }
}
