package io.kvroute.kv.cli;

import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import java.util.ArrayList;
import java.util.List;

/** Reads the keys a prefix's configuration may live under: {@code P...} and, for Traefik 1.x on etcd, {@code /P/...}. */
final class StoreReads {
    private StoreReads() {
    }

    static List<KvPair> listLayoutRoots(KvStore kv, String prefix) {
        List<KvPair> pairs = new ArrayList<>(kv.list(KvRoot.dynamicRoot(prefix)).pairs());
        pairs.addAll(kv.list(KvRoot.etcdV1Root(prefix) + "/").pairs());
        pairs.sort(null);
        return pairs;
    }
}
