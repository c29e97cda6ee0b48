package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.discovery.BuildSettings;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.keys.KvRoot;

/**
 * Where and for which Traefik version an agent writes its keys, the prefix checked here once (by {@link KvRoot}).
 *
 * @param layout         {@code --layout}: the Traefik version the keys are written for
 * @param prefix         {@code --prefix}: the root key, e.g. {@code traefik}
 * @param v1LeadingSlash whether v1 keys start with {@code /} ({@code /traefik/backends/...}, as Traefik 1.x reads
 *                       them from etcd v3) rather than without (Consul)
 */
public record KeyDestination(Layout layout, String prefix, boolean v1LeadingSlash) {
    public KeyDestination {
        requireNonNull(layout, "layout");
        KvRoot.dynamicRoot(requireNonNull(prefix, "prefix"));
    }

    /** The prefix without surrounding slashes: {@code traefik}. */
    public String rootKey() {
        return KvRoot.dynamicRoot(prefix);
    }

    /** Where {@code DeclarationEncoder} writes {@code node}'s keys. */
    public BuildSettings buildSettings(String node) {
        return new BuildSettings(node, layout, rootKey(), v1Root());
    }

    /** The one prefix every key of this agent lies under: {@code traefik/}, or {@code /traefik/} for v1 on etcd. */
    public String watchedPrefix() {
        return (layout == Layout.V1 ? v1Root() : rootKey()) + "/";
    }

    private String v1Root() {
        return v1LeadingSlash ? KvRoot.etcdV1Root(prefix) : rootKey();
    }
}
