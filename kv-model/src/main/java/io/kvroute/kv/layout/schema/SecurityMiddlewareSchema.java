package io.kvroute.kv.layout.schema;

import static io.kvroute.kv.layout.schema.Field.bool;
import static io.kvroute.kv.layout.schema.Field.duration;
import static io.kvroute.kv.layout.schema.Field.integer;
import static io.kvroute.kv.layout.schema.Field.list;
import static io.kvroute.kv.layout.schema.Field.string;
import static io.kvroute.kv.layout.schema.Field.struct;

/**
 * Traefik v3.7 access-control middlewares: basicAuth, digestAuth, forwardAuth, ipAllowList/ipWhiteList,
 * rateLimit, inFlightReq and passTLSClientCert, with their decode-time defaults.
 */
public final class SecurityMiddlewareSchema {
    public static final StructSchema BASIC_AUTH = StructSchema.of("BasicAuth",
            list("users"),
            string("usersFile"),
            string("realm"),
            bool("removeHeader"),
            string("headerField"));

    public static final StructSchema DIGEST_AUTH = StructSchema.of("DigestAuth",
            list("users"),
            string("usersFile"),
            bool("removeHeader"),
            string("realm"),
            string("headerField"));

    public static final StructSchema CLIENT_TLS = StructSchema.of("ClientTLS",
            string("ca"),
            string("cert"),
            string("key"),
            bool("insecureSkipVerify"),
            bool("caOptional").asPointer());

    public static final StructSchema FORWARD_AUTH = StructSchema.of("ForwardAuth",
            string("address"),
            struct("tls", CLIENT_TLS),
            bool("trustForwardHeader").asPointer(),
            list("authResponseHeaders"),
            string("authResponseHeadersRegex"),
            list("authRequestHeaders"),
            integer("maxResponseBodySize").asPointer().since(3, 7),
            list("addAuthCookiesToResponse").since(3, 0),
            string("headerField").since(3, 2),
            bool("forwardBody").since(3, 3),
            integer("maxBodySize").asPointer().defaultValue("-1").since(3, 3),
            bool("preserveLocationHeader").since(3, 3),
            bool("preserveRequestMethod").since(3, 4),
            string("authSigninURL").since(3, 7));

    public static final StructSchema IP_STRATEGY = StructSchema.of("IPStrategy",
            integer("depth"),
            list("excludedIPs"),
            integer("ipv6Subnet").asPointer().since(3, 2));

    public static final StructSchema IP_WHITE_LIST = StructSchema.of("IPWhiteList",
            list("sourceRange"),
            struct("ipStrategy", IP_STRATEGY).allowingEmpty());

    public static final StructSchema IP_ALLOW_LIST = StructSchema.of("IPAllowList",
            list("sourceRange"),
            struct("ipStrategy", IP_STRATEGY).allowingEmpty(),
            integer("rejectStatusCode").since(3, 0));

    public static final StructSchema SOURCE_CRITERION = StructSchema.of("SourceCriterion",
            struct("ipStrategy", IP_STRATEGY),
            string("requestHeaderName"),
            bool("requestHost"));

    /** {@code types.ClientTLS} as used by the Redis rate-limit store. */
    public static final StructSchema REDIS_TLS = StructSchema.of("ClientTLS",
            string("ca"),
            string("cert"),
            string("key"),
            bool("insecureSkipVerify"));

    public static final StructSchema REDIS = StructSchema.of("Redis",
            list("endpoints").defaultValue("localhost:6379"),
            struct("tls", REDIS_TLS),
            string("username"),
            string("password"),
            integer("db"),
            integer("poolSize"),
            integer("minIdleConns"),
            integer("maxActiveConns"),
            duration("readTimeout").asPointer().defaultValue("3s"),
            duration("writeTimeout").asPointer().defaultValue("3s"),
            duration("dialTimeout").asPointer().defaultValue("5s"));

    public static final StructSchema RATE_LIMIT = StructSchema.of("RateLimit",
            integer("average"),
            duration("period").defaultValue("1s"),
            integer("burst").defaultValue("1"),
            struct("sourceCriterion", SOURCE_CRITERION),
            struct("redis", REDIS).since(3, 4));

    public static final StructSchema IN_FLIGHT_REQ = StructSchema.of("InFlightReq",
            integer("amount"),
            struct("sourceCriterion", SOURCE_CRITERION));

    public static final StructSchema CERT_SUBJECT = StructSchema.of("TLSClientCertificateSubjectDNInfo",
            bool("country"),
            bool("province"),
            bool("locality"),
            bool("organization"),
            bool("organizationalUnit"),
            bool("commonName"),
            bool("serialNumber"),
            bool("domainComponent"));

    public static final StructSchema CERT_ISSUER = StructSchema.of("TLSClientCertificateIssuerDNInfo",
            bool("country"),
            bool("province"),
            bool("locality"),
            bool("organization"),
            bool("commonName"),
            bool("serialNumber"),
            bool("domainComponent"));

    public static final StructSchema CERT_INFO = StructSchema.of("TLSClientCertificateInfo",
            bool("notAfter"),
            bool("notBefore"),
            bool("sans"),
            bool("serialNumber"),
            struct("subject", CERT_SUBJECT),
            struct("issuer", CERT_ISSUER));

    public static final StructSchema PASS_TLS_CLIENT_CERT = StructSchema.of("PassTLSClientCert",
            bool("pem"),
            struct("info", CERT_INFO));

    private SecurityMiddlewareSchema() {
    }
}
