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
import java.util.Set;

/**
 * The root of Traefik v3.7's {@code dynamic.Configuration} as the KV provider reads it: {@code http} fully typed
 * (routers, services, middlewares, serversTransports, models), {@code tls} fully typed ({@link TlsSchema}:
 * certificates, options, stores), {@code tcp} ({@link TcpSchema}) and {@code udp} ({@link UdpSchema}) fully typed.
 */
public final class DynamicSchema {
    /** The top-level sections Traefik's KV filter admits ({@code <root>/http|tcp|udp|tls}, any case). */
    public static final Set<String> SECTIONS = Set.of("http", "tcp", "udp", "tls");

    public static final StructSchema CERTIFICATE = StructSchema.of("Certificate",
            string("certFile"),
            string("keyFile"));

    public static final StructSchema FORWARDING_TIMEOUTS = StructSchema.of("ForwardingTimeouts",
            duration("dialTimeout").defaultValue("30s"),
            duration("responseHeaderTimeout"),
            duration("idleConnTimeout").defaultValue("90s"),
            duration("readIdleTimeout"),
            duration("pingTimeout").defaultValue("15s"),
            duration("readTimeout").hiddenInJson(),
            duration("writeTimeout").hiddenInJson());

    public static final StructSchema SPIFFE = StructSchema.of("Spiffe",
            list("ids"),
            string("trustDomain"));

    public static final StructSchema SERVERS_TRANSPORT = StructSchema.of("ServersTransport",
            string("serverName"),
            bool("insecureSkipVerify"),
            list("rootCAs"),
            structList("certificates", CERTIFICATE),
            list("cipherSuites").since(3, 7),
            string("minVersion").since(3, 7),
            string("maxVersion").since(3, 7),
            integer("maxIdleConnsPerHost"),
            struct("forwardingTimeouts", FORWARDING_TIMEOUTS),
            bool("disableHTTP2"),
            string("peerCertURI"),
            struct("spiffe", SPIFFE).since(3, 0));

    public static final StructSchema HTTP = StructSchema.of("HTTPConfiguration",
            structMap("routers", RouterSchema.ROUTER).entities(EntityRef.Kind.ROUTER),
            structMap("services", ServiceSchema.SERVICE).entities(EntityRef.Kind.SERVICE),
            structMap("middlewares", MiddlewareSchema.MIDDLEWARE).entities(EntityRef.Kind.MIDDLEWARE),
            structMap("models", RouterSchema.MODEL).isolatedEntries(),
            structMap("serversTransports", SERVERS_TRANSPORT).isolatedEntries());

    public static final StructSchema CONFIGURATION = StructSchema.of("Configuration",
            struct("http", HTTP),
            struct("tcp", TcpSchema.TCP),
            struct("udp", UdpSchema.UDP),
            struct("tls", TlsSchema.TLS));

    private DynamicSchema() {
    }
}
