package io.kvroute.kv.layout.schema;

import static io.kvroute.kv.layout.schema.Field.bool;
import static io.kvroute.kv.layout.schema.Field.integer;
import static io.kvroute.kv.layout.schema.Field.list;
import static io.kvroute.kv.layout.schema.Field.string;
import static io.kvroute.kv.layout.schema.Field.struct;
import static io.kvroute.kv.layout.schema.Field.structList;

/**
 * Traefik v3.7 {@code dynamic.Router} and {@code dynamic.Model} ({@code http/routers/<r>/...}), with the fields only
 * other providers set ({@code defaultRule}: a router made from a provider's default rule, applied by Traefik but never
 * shown).
 */
public final class RouterSchema {
    /** {@code types.Domain}. */
    public static final StructSchema DOMAIN = StructSchema.of("Domain", string("main"), list("sans"));

    public static final StructSchema ROUTER_TLS = StructSchema.of("RouterTLSConfig",
            string("options"),
            string("resolvedOptions").ignoredByKv(),
            string("certResolver"),
            structList("domains", DOMAIN));

    public static final StructSchema OBSERVABILITY = StructSchema.of("RouterObservabilityConfig",
            bool("accessLogs").asPointer(),
            bool("metrics").asPointer(),
            bool("tracing").asPointer(),
            string("traceVerbosity").defaultValue("minimal").since(3, 5),
            struct("metadata", ProviderOnlySchema.OBSERVABILITY_METADATA).ignoredByKv());

    public static final StructSchema ROUTER = StructSchema.of("Router",
            list("entryPoints"),
            list("middlewares"),
            string("service"),
            string("rule"),
            list("parentRefs").since(3, 6),
            string("ruleSyntax").since(3, 0),
            integer("priority"),
            struct("tls", ROUTER_TLS).allowingEmpty(),
            struct("observability", OBSERVABILITY).since(3, 3),
            bool("defaultRule").hiddenInJson(),
            struct("deniedEncodedPathCharacters", ProviderOnlySchema.DENIED_ENCODED_PATH_CHARACTERS).ignoredByKv());

    /** {@code dynamic.Model}: defaults for the routers of an entry point. */
    public static final StructSchema MODEL = StructSchema.of("Model",
            list("middlewares"),
            struct("tls", ROUTER_TLS).allowingEmpty(),
            struct("observability", OBSERVABILITY).since(3, 3),
            struct("deniedEncodedPathCharacters", ProviderOnlySchema.DENIED_ENCODED_PATH_CHARACTERS).ignoredByKv(),
            string("defaultRuleSyntax").ignoredByKv());

    private RouterSchema() {
    }
}
