package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.ServerId;

/**
 * Where and how {@link DesiredStateBuilder} writes: this agent's node name, the target layout ({@code --layout}),
 * the v2/v3 root key ({@code --prefix}, e.g. {@code traefik}) and the v1 root ({@code /traefik} on etcd, as
 * Traefik 1.x with etcd v3 writes it; {@code traefik} on Consul).
 */
public record BuildSettings(String node, Layout layout, String prefix, String v1Root) {
    public BuildSettings {
        ServerId.requireNodeName(node);
        requireNonNull(layout, "layout");
        requireNonNull(prefix, "prefix");
        requireNonNull(v1Root, "v1Root");
        prefix = prefix.replaceAll("^/+", "").replaceAll("/+$", "");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("--prefix: \"\" (expected: a root key such as traefik)");
        }
        v1Root = v1Root.replaceAll("/+$", "");
        if (v1Root.replace("/", "").isEmpty()) {
            throw new IllegalArgumentException("v1 root: \"\" (expected: a root such as /traefik)");
        }
    }

    /** {@code layout} under {@code prefix}, with the v1 root {@code /<prefix>} (etcd). */
    public static BuildSettings of(String node, Layout layout, String prefix) {
        return new BuildSettings(node, layout, prefix, "/" + prefix.replaceAll("^/+", ""));
    }
}
