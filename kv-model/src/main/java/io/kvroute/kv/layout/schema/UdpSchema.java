package io.kvroute.kv.layout.schema;

import static io.kvroute.kv.layout.schema.Field.integer;
import static io.kvroute.kv.layout.schema.Field.list;
import static io.kvroute.kv.layout.schema.Field.string;
import static io.kvroute.kv.layout.schema.Field.struct;
import static io.kvroute.kv.layout.schema.Field.structList;
import static io.kvroute.kv.layout.schema.Field.structMap;

import io.kvroute.kv.model.EntityRef;

/**
 * Traefik v3.7's {@code dynamic.UDPConfiguration} ({@code <root>/udp/...}, {@code pkg/config/dynamic/udp_config.go})
 * as the KV provider reads it: routers and services (load balancer or weighted), each decoded on its own. A server's
 * {@code port} is {@code json:"-"}, set by the label provider only.
 */
public final class UdpSchema {
    public static final StructSchema ROUTER = StructSchema.of("UDPRouter",
            list("entryPoints"),
            string("service"));

    public static final StructSchema SERVER = StructSchema.of("UDPServer", string("address"));

    public static final StructSchema LOAD_BALANCER = StructSchema.of("UDPServersLoadBalancer",
            structList("servers", SERVER));

    public static final StructSchema WRR_SERVICE = StructSchema.of("UDPWRRService",
            string("name"),
            integer("weight").asPointer().defaultValue("1"));

    public static final StructSchema WEIGHTED = StructSchema.of("UDPWeightedRoundRobin",
            structList("services", WRR_SERVICE));

    public static final StructSchema SERVICE = StructSchema.of("UDPService",
            struct("loadBalancer", LOAD_BALANCER),
            struct("weighted", WEIGHTED));

    public static final StructSchema UDP = StructSchema.of("UDPConfiguration",
            structMap("routers", ROUTER).entities(EntityRef.Kind.UDP_ROUTER),
            structMap("services", SERVICE).entities(EntityRef.Kind.UDP_SERVICE));

    private UdpSchema() {
    }
}
