package io.kvroute.kv.layout.codec;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects encoded pairs, rejecting a key written twice and child names a key cannot carry. */
public final class PairWriter {
    private final Map<String, String> pairs = new LinkedHashMap<>();
    private final ProblemSink sink;

    public PairWriter(ProblemSink sink) {
        this.sink = requireNonNull(sink, "sink");
    }

    public ProblemSink sink() {
        return sink;
    }

    public void put(String key, String value) {
        if (pairs.containsKey(key)) {
            sink.error(key, value, "written twice (keeping \"" + pairs.get(key) + "\"): two JSON names map to "
                    + "this key");
            return;
        }
        pairs.put(key, value);
    }

    /** Number of pairs written so far. */
    public int size() {
        return pairs.size();
    }

    /** True when {@code name} can be one key segment below {@code parentKey}; reports an error otherwise. */
    public boolean validName(String parentKey, String name) {
        if (name.isEmpty() || name.contains("/")) {
            sink.error(parentKey + "/" + name, "", "name \"" + name
                    + "\" cannot be a key segment (expected: non-empty, without '/')");
            return false;
        }
        return true;
    }

    /** The pairs in byte-wise key order. */
    public List<KvPair> sortedPairs() {
        List<KvPair> sorted = new ArrayList<>();
        pairs.forEach((key, value) -> sorted.add(KvPair.of(key, value)));
        sorted.sort(null);
        return sorted;
    }
}
