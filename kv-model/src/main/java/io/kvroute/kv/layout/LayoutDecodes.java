package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What one root holds: the v1 decode when v1 keys ({@code backends/}, {@code frontends/}) exist, the v2/v3 decode
 * when dynamic keys ({@code http|tcp|udp|tls}) exist. Both may be present: Traefik v1 and v2/v3 can share a root.
 */
public record LayoutDecodes(Optional<DecodedTree> v1, Optional<DecodedTree> dynamic) {
    public LayoutDecodes {
        requireNonNull(v1, "v1");
        requireNonNull(dynamic, "dynamic");
    }
}
