package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.codec.PairWriter;
import io.kvroute.kv.layout.codec.ProblemSink;
import io.kvroute.kv.layout.codec.SchemaWriter;
import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.layout.schema.DynamicSchema;

/**
 * Encodes Traefik dynamic configuration JSON ({@code {"http": {"routers": ...}}}) as v2/v3 store pairs under a
 * root key, the inverse of {@link TraefikKvDecoder}: {@code decode(encode(config))} gives {@code config} back.
 * Writes what the JSON holds (optionally skipping values equal to Traefik's decode-time defaults); for
 * {@link Layout#V2} every v3-only field is omitted and reported as a warning.
 */
public final class TraefikKvEncoder {
    private TraefikKvEncoder() {
    }

    public static EncodedPairs encode(ObjectNode config, String prefix, Layout target, StructListNaming naming) {
        return encode(config, prefix, EncodeOptions.of(target).withNaming(naming));
    }

    /**
     * @param config  Traefik JSON; scalars may be JSON text or typed nodes
     * @param prefix  the root key, e.g. {@code traefik} (a leading or trailing slash is ignored)
     * @param options target layout, struct-list naming and default skipping
     */
    public static EncodedPairs encode(ObjectNode config, String prefix, EncodeOptions options) {
        requireNonNull(config, "config");
        requireNonNull(options, "options");
        String root = KvRoot.dynamicRoot(prefix);
        ProblemSink sink = new ProblemSink(null);
        PairWriter writer = new PairWriter(sink);
        new SchemaWriter(options, writer).writeStruct(DynamicSchema.CONFIGURATION, config, root, null,
                options.skipDefaults());
        return new EncodedPairs(writer.sortedPairs(), sink.problems());
    }
}
