package io.kvroute.kv.layout.schema;

import static io.kvroute.kv.layout.schema.Field.bool;
import static io.kvroute.kv.layout.schema.Field.duration;
import static io.kvroute.kv.layout.schema.Field.integer;
import static io.kvroute.kv.layout.schema.Field.list;
import static io.kvroute.kv.layout.schema.Field.string;
import static io.kvroute.kv.layout.schema.Field.struct;
import static io.kvroute.kv.layout.schema.Field.structList;
import static io.kvroute.kv.layout.schema.Field.structMap;

import io.kvroute.kv.model.EntityRef;

/**
 * Traefik v3.7's {@code dynamic.TCPConfiguration} ({@code <root>/tcp/...}, {@code pkg/config/dynamic/tcp_config.go}
 * and {@code tcp_middlewares.go}) as the KV provider reads it, with the decode-time defaults of its
 * {@code SetDefaults} methods. Every router, service and middleware decodes on its own, like HTTP's.
 * {@code models} ({@code kv:"-"}) and a server's {@code port} ({@code json:"-"}) are not fields the KV provider fills.
 */
public final class TcpSchema {
    /** {@code dynamic.RouterTCPTLSConfig}; {@code passthrough} has no {@code omitempty}, so false stays in JSON. */
    public static final StructSchema ROUTER_TLS = StructSchema.of("RouterTCPTLSConfig",
            bool("passthrough").asPointer(),
            string("options"),
            string("certResolver"),
            structList("domains", RouterSchema.DOMAIN));

    public static final StructSchema ROUTER = StructSchema.of("TCPRouter",
            list("entryPoints"),
            list("middlewares"),
            string("service"),
            string("rule"),
            string("ruleSyntax").since(3, 0),
            integer("priority"),
            struct("tls", ROUTER_TLS).allowingEmpty());

    /** {@code dynamic.ProxyProtocol}: its {@code SetDefaults} picks version 2. */
    public static final StructSchema PROXY_PROTOCOL = StructSchema.of("ProxyProtocol",
            integer("version").defaultValue("2"));

    /** {@code dynamic.TCPServer}: {@code port} is {@code json:"-"}, set by the label provider only. */
    public static final StructSchema SERVER = StructSchema.of("TCPServer",
            string("address"),
            bool("tls").since(3, 0));

    public static final StructSchema SERVER_HEALTH_CHECK = StructSchema.of("TCPServerHealthCheck",
            integer("port"),
            string("send"),
            string("expect"),
            duration("interval").defaultValue("30s"),
            duration("unhealthyInterval").asPointer(),
            duration("timeout").defaultValue("5s"));

    /** {@code proxyProtocol} and {@code terminationDelay} here are deprecated for the servers transport's. */
    public static final StructSchema LOAD_BALANCER = StructSchema.of("TCPServersLoadBalancer",
            structList("servers", SERVER),
            string("serversTransport").since(3, 0),
            struct("proxyProtocol", PROXY_PROTOCOL).allowingEmpty(),
            integer("terminationDelay").asPointer(),
            struct("healthCheck", SERVER_HEALTH_CHECK).allowingEmpty().since(3, 6));

    public static final StructSchema WRR_SERVICE = StructSchema.of("TCPWRRService",
            string("name"),
            integer("weight").asPointer().defaultValue("1"));

    public static final StructSchema WEIGHTED = StructSchema.of("TCPWeightedRoundRobin",
            structList("services", WRR_SERVICE),
            struct("healthCheck", ServiceSchema.HEALTH_CHECK).allowingEmpty().since(3, 6));

    public static final StructSchema SERVICE = StructSchema.of("TCPService",
            struct("loadBalancer", LOAD_BALANCER),
            struct("weighted", WEIGHTED));

    public static final StructSchema IN_FLIGHT_CONN = StructSchema.of("TCPInFlightConn", integer("amount"));

    public static final StructSchema IP_ALLOW_LIST = StructSchema.of("TCPIPAllowList", list("sourceRange"));

    /** {@code ipWhiteList} is the deprecated name of {@code ipAllowList}. */
    public static final StructSchema MIDDLEWARE = StructSchema.of("TCPMiddleware",
            struct("inFlightConn", IN_FLIGHT_CONN),
            struct("ipWhiteList", IP_ALLOW_LIST),
            struct("ipAllowList", IP_ALLOW_LIST).since(3, 0));

    /** {@code dynamic.TLSClientConfig}: its {@code spiffe} has no {@code kv:"allowEmpty"} tag. */
    public static final StructSchema TLS_CLIENT = StructSchema.of("TLSClientConfig",
            string("serverName"),
            bool("insecureSkipVerify"),
            list("rootCAs"),
            structList("certificates", DynamicSchema.CERTIFICATE),
            string("peerCertURI"),
            struct("spiffe", DynamicSchema.SPIFFE));

    public static final StructSchema SERVERS_TRANSPORT = StructSchema.of("TCPServersTransport",
            duration("dialKeepAlive").defaultValue("15s"),
            duration("dialTimeout").defaultValue("30s"),
            struct("proxyProtocol", PROXY_PROTOCOL).allowingEmpty().since(3, 5),
            duration("terminationDelay").defaultValue("100ms"),
            struct("tls", TLS_CLIENT).allowingEmpty());

    public static final StructSchema TCP = StructSchema.of("TCPConfiguration",
            structMap("routers", ROUTER).entities(EntityRef.Kind.TCP_ROUTER),
            structMap("services", SERVICE).entities(EntityRef.Kind.TCP_SERVICE),
            structMap("middlewares", MIDDLEWARE).entities(EntityRef.Kind.TCP_MIDDLEWARE),
            structMap("serversTransports", SERVERS_TRANSPORT).isolatedEntries().since(3, 0));

    private TcpSchema() {
    }
}
