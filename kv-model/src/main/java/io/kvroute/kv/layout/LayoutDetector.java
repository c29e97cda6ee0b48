package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.layout.keys.V1Keys;
import io.kvroute.kv.store.KvPair;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tells which key layouts a root holds and decodes each: {@link Layout#V1} when keys exist under
 * {@code <prefix>/backends/} or {@code <prefix>/frontends/} (with or without a leading slash), {@link Layout#V3}
 * (the v2/v3 tree, which is one layout on the read side) when keys pass Traefik's {@code http|tcp|udp|tls} filter.
 */
public final class LayoutDetector {
    private LayoutDetector() {
    }

    /** The layouts present: a subset of {V1, V3}; empty when neither is. */
    public static Set<Layout> detect(List<KvPair> pairs, String prefix) {
        requireNonNull(pairs, "pairs");
        Set<Layout> layouts = EnumSet.noneOf(Layout.class);
        if (KvRoot.hasV1Keys(pairs, prefix)) {
            layouts.add(Layout.V1);
        }
        String root = KvRoot.dynamicRoot(prefix);
        if (pairs.stream().anyMatch(p -> TraefikKvDecoder.passesFilter(p.key(), root))) {
            layouts.add(Layout.V3);
        }
        return layouts;
    }

    /**
     * Decodes every layout present. The v2/v3 decode sees only the keys outside {@code backends/},
     * {@code frontends/} and {@code alias}, so v1 keys are not reported as ignored there. A root with no key at all
     * decodes as Traefik v2/v3 reads it: an empty configuration that removes every route.
     */
    public static LayoutDecodes decodeAll(List<KvPair> pairs, String prefix) {
        Set<Layout> layouts = pairs.isEmpty() ? EnumSet.of(Layout.V3) : detect(pairs, prefix);
        V1Keys v1Keys = new V1Keys(KvRoot.dynamicRoot(prefix));
        List<KvPair> dynamicPairs = pairs.stream().filter(p -> !isV1Key(p.key(), v1Keys)).toList();
        return new LayoutDecodes(
                layouts.contains(Layout.V1) ? Optional.of(V1KvDecoder.decode(pairs, prefix))
                        : Optional.empty(),
                layouts.contains(Layout.V3) ? Optional.of(TraefikKvDecoder.decode(dynamicPairs, prefix))
                        : Optional.empty());
    }

    private static boolean isV1Key(String key, V1Keys v1Keys) {
        return v1Keys.holds(key.startsWith("/") ? key.substring(1) : key);
    }
}
