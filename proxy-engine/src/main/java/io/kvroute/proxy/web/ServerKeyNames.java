package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The key segments under {@code <root>/http/services/<service>/loadBalancer/servers/} with their URLs, read from
 * the store once per configuration revision. Traefik's decoding numbers servers by the byte order of those segments
 * and drops their text; the dashboard needs the text back to tell which agent node registered a server
 * ({@code <node>--<instance>}).
 */
final class ServerKeyNames {
    private record Cached(long revision, Map<String, List<Map.Entry<String, String>>> byService) {
    }

    private final KvStore kv;
    private final String root;
    private final AtomicReference<Cached> cached = new AtomicReference<>(new Cached(-1, Map.of()));

    ServerKeyNames(KvStore kv, String prefix) {
        this.kv = requireNonNull(kv, "kv");
        this.root = prefix.replaceAll("^/+", "").replaceAll("/+$", "") + "/http/services/";
    }

    /**
     * The key segment of server {@code index} of {@code service} if its URL is {@code url}, else "" (unknown, or
     * the store is unreachable now).
     */
    String segment(long revision, String service, int index, String url) {
        List<Map.Entry<String, String>> servers = read(revision).getOrDefault(service, List.of());
        if (index < 0 || index >= servers.size() || !servers.get(index).getValue().equals(url)) {
            return "";
        }
        return servers.get(index).getKey();
    }

    private Map<String, List<Map.Entry<String, String>>> read(long revision) {
        Cached known = cached.get();
        if (known.revision() == revision) {
            return known.byService();
        }
        KvSnapshot snapshot;
        try {
            snapshot = kv.list(root);
        } catch (KvStoreException unreachable) {
            return known.byService();
        }
        Map<String, SortedMap<String, String>> urls = new HashMap<>();
        for (KvPair pair : snapshot.pairs()) {
            String[] parts = pair.key().substring(root.length()).split("/", -1);
            if (parts.length == 5 && parts[1].equals("loadBalancer") && parts[2].equals("servers")
                    && parts[4].equals("url")) {
                urls.computeIfAbsent(parts[0], service -> new TreeMap<>()).put(parts[3], pair.value());
            }
        }
        Map<String, List<Map.Entry<String, String>>> byService = new HashMap<>();
        urls.forEach((service, servers) -> byService.put(service, List.copyOf(servers.entrySet())));
        cached.set(new Cached(revision, byService));
        return byService;
    }
}
