package io.kvroute.kv.cli;

import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import java.util.ArrayList;
import java.util.List;

/** Reads the keys a prefix's configuration may live under: {@code P...} and, for Traefik 1.x on etcd, {@code /P/...}. */
final class StoreReads {
    private StoreReads() {
    }

    static List<KvPair> listLayoutRoots(KvStore kv, String prefix) {
        String bare = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        List<KvPair> pairs = new ArrayList<>(kv.list(bare).pairs());
        pairs.addAll(kv.list("/" + bare + "/").pairs());
        pairs.sort(null);
        return pairs;
    }
}
