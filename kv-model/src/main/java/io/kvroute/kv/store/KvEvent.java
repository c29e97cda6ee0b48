package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

/**
 * One change a watch reported: a key put (with its new value) or deleted, at the store revision that made it. Stores
 * whose watches carry their changes (etcd) report these, so a watcher applies them instead of listing again.
 */
public record KvEvent(String key, String value, boolean deleted, long revision) {
    public KvEvent {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
        if (deleted && !value.isEmpty()) {
            throw new IllegalArgumentException("value: \"" + value + "\" (expected: none for a deleted key)");
        }
    }

    public static KvEvent put(String key, String value, long revision) {
        return new KvEvent(key, value, false, revision);
    }

    public static KvEvent delete(String key, long revision) {
        return new KvEvent(key, "", true, revision);
    }
}
