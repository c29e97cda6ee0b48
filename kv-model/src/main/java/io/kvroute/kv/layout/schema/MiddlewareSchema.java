package io.kvroute.kv.layout.schema;

import static io.kvroute.kv.layout.schema.Field.bool;
import static io.kvroute.kv.layout.schema.Field.duration;
import static io.kvroute.kv.layout.schema.Field.intMap;
import static io.kvroute.kv.layout.schema.Field.integer;
import static io.kvroute.kv.layout.schema.Field.list;
import static io.kvroute.kv.layout.schema.Field.plugins;
import static io.kvroute.kv.layout.schema.Field.string;
import static io.kvroute.kv.layout.schema.Field.stringMap;
import static io.kvroute.kv.layout.schema.Field.struct;

/**
 * Traefik v3.7 {@code dynamic.Middleware} ({@code http/middlewares/<m>/<type>/...}): every middleware type the KV
 * provider can set, with path, redirect, retry, buffering, compression and error-page types defined here and the
 * others in {@link HeadersSchema} and {@link SecurityMiddlewareSchema}; the types other providers configure
 * ({@link ProviderOnlySchema}) are ignored by the KV provider.
 */
public final class MiddlewareSchema {
    public static final StructSchema ADD_PREFIX = StructSchema.of("AddPrefix", string("prefix"));

    public static final StructSchema STRIP_PREFIX = StructSchema.of("StripPrefix",
            list("prefixes"),
            bool("forceSlash").asPointer());

    public static final StructSchema STRIP_PREFIX_REGEX = StructSchema.of("StripPrefixRegex", list("regex"));

    public static final StructSchema REPLACE_PATH = StructSchema.of("ReplacePath", string("path"));

    public static final StructSchema REPLACE_PATH_REGEX = StructSchema.of("ReplacePathRegex",
            string("regex"),
            string("replacement"));

    public static final StructSchema CHAIN = StructSchema.of("Chain", list("middlewares"));

    public static final StructSchema ENCODED_CHARACTERS = StructSchema.of("EncodedCharacters",
            bool("allowEncodedSlash"),
            bool("allowEncodedBackSlash"),
            bool("allowEncodedNullCharacter"),
            bool("allowEncodedSemicolon"),
            bool("allowEncodedPercent"),
            bool("allowEncodedQuestionMark"),
            bool("allowEncodedHash"));

    public static final StructSchema ERROR_PAGE = StructSchema.of("ErrorPage",
            list("status"),
            intMap("statusRewrites").since(3, 4),
            string("service"),
            string("query"),
            list("errorRequestHeaders").since(3, 7),
            stringMap("nginxHeaders").ignoredByKv());

    public static final StructSchema REDIRECT_REGEX = StructSchema.of("RedirectRegex",
            string("regex"),
            string("replacement"),
            bool("permanent"),
            integer("statusCode").asPointer().ignoredByKv());

    public static final StructSchema REDIRECT_SCHEME = StructSchema.of("RedirectScheme",
            string("scheme"),
            string("port"),
            bool("permanent"),
            bool("forcePermanentRedirect").ignoredByKv());

    public static final StructSchema BUFFERING = StructSchema.of("Buffering",
            integer("maxRequestBodyBytes"),
            integer("memRequestBodyBytes"),
            integer("maxResponseBodyBytes"),
            integer("memResponseBodyBytes"),
            string("retryExpression"),
            bool("disableRequestBuffer").ignoredByKv(),
            bool("disableResponseBuffer").ignoredByKv());

    public static final StructSchema CIRCUIT_BREAKER = StructSchema.of("CircuitBreaker",
            string("expression"),
            duration("checkPeriod").defaultValue("100ms"),
            duration("fallbackDuration").defaultValue("10s"),
            duration("recoveryDuration").defaultValue("10s"),
            integer("responseCode").defaultValue("503").since(3, 0));

    public static final StructSchema COMPRESS = StructSchema.of("Compress",
            list("excludedContentTypes"),
            list("includedContentTypes").since(3, 0),
            integer("minResponseBodyBytes"),
            list("encodings").defaultValue("gzip,br,zstd").since(3, 2),
            string("defaultEncoding").since(3, 1));

    public static final StructSchema RETRY = StructSchema.of("Retry",
            integer("attempts"),
            duration("timeout").since(3, 7),
            duration("initialInterval"),
            integer("maxRequestBodyBytes").asPointer().defaultValue("2097152").since(3, 7),
            list("status").since(3, 7),
            bool("disableRetryOnNetworkError").since(3, 7),
            bool("retryNonIdempotentMethod").since(3, 7));

    public static final StructSchema CONTENT_TYPE = StructSchema.of("ContentType",
            bool("autoDetect").asPointer());

    public static final StructSchema GRPC_WEB = StructSchema.of("GrpcWeb", list("allowOrigins"));

    public static final StructSchema MIDDLEWARE = StructSchema.of("Middleware",
            struct("addPrefix", ADD_PREFIX),
            struct("stripPrefix", STRIP_PREFIX),
            struct("stripPrefixRegex", STRIP_PREFIX_REGEX),
            struct("replacePath", REPLACE_PATH),
            struct("replacePathRegex", REPLACE_PATH_REGEX),
            struct("chain", CHAIN),
            struct("ipWhiteList", SecurityMiddlewareSchema.IP_WHITE_LIST),
            struct("ipAllowList", SecurityMiddlewareSchema.IP_ALLOW_LIST),
            struct("headers", HeadersSchema.HEADERS),
            struct("encodedCharacters", ENCODED_CHARACTERS).since(3, 7),
            struct("errors", ERROR_PAGE),
            struct("rateLimit", SecurityMiddlewareSchema.RATE_LIMIT),
            struct("redirectRegex", REDIRECT_REGEX),
            struct("redirectScheme", REDIRECT_SCHEME),
            struct("basicAuth", SecurityMiddlewareSchema.BASIC_AUTH),
            struct("digestAuth", SecurityMiddlewareSchema.DIGEST_AUTH),
            struct("forwardAuth", SecurityMiddlewareSchema.FORWARD_AUTH),
            struct("inFlightReq", SecurityMiddlewareSchema.IN_FLIGHT_REQ),
            struct("buffering", BUFFERING),
            struct("circuitBreaker", CIRCUIT_BREAKER),
            struct("compress", COMPRESS).allowingEmpty(),
            struct("passTLSClientCert", SecurityMiddlewareSchema.PASS_TLS_CLIENT_CERT),
            struct("retry", RETRY),
            struct("contentType", CONTENT_TYPE).allowingEmpty(),
            struct("grpcWeb", GRPC_WEB).since(3, 0),
            plugins("plugin"),
            struct("requestHeaderModifier", ProviderOnlySchema.HEADER_MODIFIER).ignoredByKv(),
            struct("responseHeaderModifier", ProviderOnlySchema.HEADER_MODIFIER).ignoredByKv(),
            struct("requestRedirect", ProviderOnlySchema.REQUEST_REDIRECT).ignoredByKv(),
            struct("URLRewrite", ProviderOnlySchema.URL_REWRITE).ignoredByKv(),
            struct("authTLSPassCertificateToUpstream", ProviderOnlySchema.AUTH_TLS_PASS_CERTIFICATE_TO_UPSTREAM)
                    .ignoredByKv(),
            struct("snippet", ProviderOnlySchema.SNIPPET).ignoredByKv(),
            struct("rewriteTarget", ProviderOnlySchema.REWRITE_TARGET).ignoredByKv(),
            struct("upstreamVHost", ProviderOnlySchema.UPSTREAM_VHOST).ignoredByKv(),
            struct("appRoot", ProviderOnlySchema.APP_ROOT).ignoredByKv());

    private MiddlewareSchema() {
    }
}
