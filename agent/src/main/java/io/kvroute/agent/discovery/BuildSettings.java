package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.layout.keys.V1Keys;
import io.kvroute.kv.rule.RuleSyntax;

/**
 * Where and how {@link DeclarationEncoder} writes: this agent's node name, the target layout ({@code --layout}),
 * the v2/v3 root key ({@code --prefix}, e.g. {@code traefik}) and the v1 root ({@code /traefik} on etcd, as
 * Traefik 1.x with etcd v3 writes it; {@code traefik} on Consul).
 */
public record BuildSettings(String node, Layout layout, String prefix, String v1Root) {
    public BuildSettings {
        ServerId.requireNodeName(node);
        requireNonNull(layout, "layout");
        prefix = KvRoot.dynamicRoot(prefix);
        v1Root = KvRoot.trimTrailing(requireNonNull(v1Root, "v1Root"));
        if (v1Root.replace("/", "").isEmpty()) {
            throw new IllegalArgumentException("v1 root: \"\" (expected: a root such as /traefik)");
        }
    }

    /** {@code layout} under {@code prefix}, with the v1 root {@code /<prefix>} (etcd). */
    public static BuildSettings of(String node, Layout layout, String prefix) {
        return new BuildSettings(node, layout, prefix, KvRoot.etcdV1Root(prefix));
    }

    /**
     * The syntax of a v2/v3 rule whose router names no {@code ruleSyntax}: {@link RuleSyntax#V2} for the v2 layout
     * (Traefik v2 reads every rule so), else {@link RuleSyntax#V3}.
     */
    public RuleSyntax ruleSyntax() {
        return layout == Layout.V2 ? RuleSyntax.V2 : RuleSyntax.V3;
    }

    /** The v2/v3 keys under {@link #prefix}. */
    public DynamicKeys dynamicKeys() {
        return new DynamicKeys(prefix);
    }

    /** The v1 keys under {@link #v1Root}. */
    public V1Keys v1Keys() {
        return new V1Keys(v1Root);
    }
}
