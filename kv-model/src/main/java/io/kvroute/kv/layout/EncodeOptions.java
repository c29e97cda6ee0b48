package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

/**
 * How {@link TraefikKvEncoder} writes a configuration: the target layout ({@link Layout#V2} omits v3-only fields),
 * how struct-list children are named, and whether values equal to Traefik's decode-time defaults are skipped.
 */
public record EncodeOptions(Layout target, StructListNaming naming, boolean skipDefaults) {
    public EncodeOptions {
        requireNonNull(target, "target");
        requireNonNull(naming, "naming");
        if (target == Layout.V1) {
            throw new IllegalArgumentException("target: V1 (expected: V2 or V3; use V1KvEncoder for v1)");
        }
    }

    /** Writes everything in the JSON for {@code target}, naming struct-list children by zero-padded index. */
    public static EncodeOptions of(Layout target) {
        return new EncodeOptions(target, StructListNaming.decimalIndex(), false);
    }

    public EncodeOptions withNaming(StructListNaming newNaming) {
        return new EncodeOptions(target, newNaming, skipDefaults);
    }

    public EncodeOptions withSkipDefaults(boolean skip) {
        return new EncodeOptions(target, naming, skip);
    }
}
