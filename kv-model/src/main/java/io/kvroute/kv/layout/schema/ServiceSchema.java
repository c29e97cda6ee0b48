package io.kvroute.kv.layout.schema;

import static io.kvroute.kv.layout.schema.Field.bool;
import static io.kvroute.kv.layout.schema.Field.duration;
import static io.kvroute.kv.layout.schema.Field.integer;
import static io.kvroute.kv.layout.schema.Field.list;
import static io.kvroute.kv.layout.schema.Field.string;
import static io.kvroute.kv.layout.schema.Field.stringMap;
import static io.kvroute.kv.layout.schema.Field.struct;
import static io.kvroute.kv.layout.schema.Field.structList;

/**
 * Traefik v3.7 {@code dynamic.Service} ({@code http/services/<s>/...}) with the decode-time defaults of the
 * {@code SetDefaults} methods in {@code pkg/config/dynamic/http_config.go}.
 */
public final class ServiceSchema {
    public static final StructSchema SERVER = StructSchema.of("Server",
            string("url"),
            integer("weight").asPointer().since(3, 0),
            bool("preservePath").since(3, 2),
            bool("fenced").ignoredByKv(),
            string("scheme").ignoredByKv(),
            string("port").ignoredByKv());

    public static final StructSchema COOKIE = StructSchema.of("Cookie",
            string("name"),
            bool("secure"),
            bool("httpOnly"),
            string("sameSite"),
            integer("maxAge").since(3, 0),
            string("path").asPointer().defaultValue("/").since(3, 3),
            string("domain").since(3, 4),
            integer("expires").ignoredByKv());

    public static final StructSchema STICKY = StructSchema.of("Sticky",
            struct("cookie", COOKIE).allowingEmpty());

    public static final StructSchema SERVER_HEALTH_CHECK = StructSchema.of("ServerHealthCheck",
            string("scheme"),
            string("mode").defaultValue("http").since(3, 0),
            string("path"),
            string("method"),
            integer("status").since(3, 0),
            integer("port"),
            duration("interval").defaultValue("30s"),
            duration("unhealthyInterval").asPointer().since(3, 5),
            duration("timeout").defaultValue("5s"),
            string("hostname"),
            bool("followRedirects").asPointer().defaultValue("true"),
            stringMap("headers"));

    public static final StructSchema PASSIVE_HEALTH_CHECK = StructSchema.of("PassiveServerHealthCheck",
            duration("failureWindow").defaultValue("10s"),
            integer("maxFailedAttempts").defaultValue("1"));

    public static final StructSchema RESPONSE_FORWARDING = StructSchema.of("ResponseForwarding",
            duration("flushInterval").defaultValue("100ms"));

    public static final StructSchema LOAD_BALANCER = StructSchema.of("ServersLoadBalancer",
            struct("sticky", STICKY).allowingEmpty(),
            structList("servers", SERVER),
            string("strategy").defaultValue("wrr").since(3, 4),
            struct("healthCheck", SERVER_HEALTH_CHECK),
            struct("passiveHealthCheck", PASSIVE_HEALTH_CHECK).since(3, 6),
            bool("passHostHeader").asPointer().defaultValue("true"),
            struct("responseForwarding", RESPONSE_FORWARDING).defaultValue(""),
            string("serversTransport"),
            string("nginxUpstreamHashBy").ignoredByKv());

    /** {@code dynamic.HealthCheck}: an empty struct that switches health-check propagation on. */
    public static final StructSchema HEALTH_CHECK = StructSchema.of("HealthCheck");

    /**
     * {@code dynamic.WRRService}: {@code headers}, {@code status} and {@code grpcStatus} serve Knative and the Gateway
     * API; the KV provider reads them and Traefik applies them, but its JSON never shows them.
     */
    public static final StructSchema WRR_SERVICE = StructSchema.of("WRRService",
            string("name"),
            integer("weight").asPointer().defaultValue("1"),
            stringMap("headers").hiddenInJson(),
            integer("status").asPointer().hiddenInJson(),
            struct("grpcStatus", ProviderOnlySchema.GRPC_STATUS).hiddenInJson());

    public static final StructSchema WEIGHTED = StructSchema.of("WeightedRoundRobin",
            structList("services", WRR_SERVICE),
            struct("sticky", STICKY),
            struct("healthCheck", HEALTH_CHECK).allowingEmpty());

    public static final StructSchema HRW_SERVICE = StructSchema.of("HRWService",
            string("name"),
            integer("weight").asPointer().defaultValue("1"));

    public static final StructSchema HIGHEST_RANDOM_WEIGHT = StructSchema.of("HighestRandomWeight",
            structList("services", HRW_SERVICE),
            struct("healthCheck", HEALTH_CHECK).allowingEmpty());

    public static final StructSchema MIRROR_SERVICE = StructSchema.of("MirrorService",
            string("name"),
            integer("percent"));

    public static final StructSchema MIRRORING = StructSchema.of("Mirroring",
            string("service"),
            bool("mirrorBody").asPointer().defaultValue("true").since(3, 2),
            integer("maxBodySize").asPointer().defaultValue("-1"),
            structList("mirrors", MIRROR_SERVICE),
            struct("healthCheck", HEALTH_CHECK).allowingEmpty());

    public static final StructSchema FAILOVER_ERROR = StructSchema.of("FailoverError",
            integer("maxRequestBodyBytes").asPointer().defaultValue("-1"),
            list("status"));

    /** Failover's {@code healthCheck} has no {@code kv:"allowEmpty"} tag, so the KV provider cannot set it. */
    public static final StructSchema FAILOVER = StructSchema.of("Failover",
            string("service"),
            string("fallback"),
            struct("healthCheck", HEALTH_CHECK),
            struct("errors", FAILOVER_ERROR).since(3, 7));

    public static final StructSchema SERVICE = StructSchema.of("Service",
            list("middlewares").since(3, 7),
            struct("loadBalancer", LOAD_BALANCER),
            struct("highestRandomWeight", HIGHEST_RANDOM_WEIGHT).since(3, 6),
            struct("weighted", WEIGHTED),
            struct("mirroring", MIRRORING),
            struct("failover", FAILOVER));

    private ServiceSchema() {
    }
}
