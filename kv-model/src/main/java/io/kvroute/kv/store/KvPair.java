package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

/** One key and its value, as a store holds them: keys are compared byte-wise (UTF-8). */
public record KvPair(String key, String value) implements Comparable<KvPair> {
    public KvPair {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
    }

    public static KvPair of(String key, String value) {
        return new KvPair(key, value);
    }

    @Override
    public int compareTo(KvPair other) {
        return KeyOrder.compare(key, other.key);
    }
}
