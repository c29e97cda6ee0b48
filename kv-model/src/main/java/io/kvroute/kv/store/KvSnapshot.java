package io.kvroute.kv.store;

import java.util.List;

/**
 * Every pair under a prefix as read at one store revision, sorted byte-wise by key.
 * The revision is the etcd header revision, the Consul {@code X-Consul-Index}, or the memory store's counter.
 */
public record KvSnapshot(List<KvPair> pairs, long revision) {
    public KvSnapshot {
        pairs = pairs.stream().sorted().toList();
    }

    public static KvSnapshot empty(long revision) {
        return new KvSnapshot(List.of(), revision);
    }
}
