package io.kvroute.kv.layout.schema;

import static io.kvroute.kv.layout.schema.Field.bool;
import static io.kvroute.kv.layout.schema.Field.integer;
import static io.kvroute.kv.layout.schema.Field.list;
import static io.kvroute.kv.layout.schema.Field.string;
import static io.kvroute.kv.layout.schema.Field.stringMap;
import static io.kvroute.kv.layout.schema.Field.struct;

/**
 * The Traefik v3.7 structs behind fields that other providers set (Gateway API filters, Ingress NGINX annotations,
 * Kubernetes metadata) and the KV provider ignores ({@code kv:"-"}) or never shows ({@code json:"-"}). Traefik still
 * checks the shape of keys under an ignored field against them (a sub-key must be one of their fields), so kvroute
 * does too.
 */
public final class ProviderOnlySchema {
    /** {@code dynamic.RouterDeniedEncodedPathCharacters}: an entry point's encoded-character rules per router. */
    public static final StructSchema DENIED_ENCODED_PATH_CHARACTERS =
            StructSchema.of("RouterDeniedEncodedPathCharacters",
                    bool("allowEncodedSlash"),
                    bool("allowEncodedBackSlash"),
                    bool("allowEncodedNullCharacter"),
                    bool("allowEncodedSemicolon"),
                    bool("allowEncodedPercent"),
                    bool("allowEncodedQuestionMark"),
                    bool("allowEncodedHash"));

    public static final StructSchema KUBERNETES_INGRESS_METADATA = StructSchema.of("KubernetesIngressMetadata",
            string("namespace"),
            string("ingressName"),
            string("serviceName"),
            string("servicePort"));

    public static final StructSchema OBSERVABILITY_METADATA = StructSchema.of("ObservabilityMetadata",
            struct("ingress", KUBERNETES_INGRESS_METADATA).ignoredByKv());

    /** {@code dynamic.GRPCStatus}: what a Gateway API weighted backend answers instead of a service. */
    public static final StructSchema GRPC_STATUS = StructSchema.of("GRPCStatus",
            integer("code"),
            string("msg"));

    public static final StructSchema HEADER_MODIFIER = StructSchema.of("HeaderModifier",
            stringMap("set"),
            stringMap("add"),
            list("remove"));

    public static final StructSchema REQUEST_REDIRECT = StructSchema.of("RequestRedirect",
            string("scheme").asPointer(),
            string("hostname").asPointer(),
            string("port").asPointer(),
            string("path").asPointer(),
            string("pathPrefix").asPointer(),
            integer("statusCode"));

    public static final StructSchema URL_REWRITE = StructSchema.of("URLRewrite",
            string("hostname").asPointer(),
            string("path").asPointer(),
            string("pathPrefix").asPointer());

    public static final StructSchema AUTH_TLS_PASS_CERTIFICATE_TO_UPSTREAM =
            StructSchema.of("AuthTLSPassCertificateToUpstream",
                    string("clientAuthType"),
                    list("caFiles"));

    public static final StructSchema SNIPPET_AUTH = StructSchema.of("Auth",
            string("address"),
            string("method"),
            string("snippet"),
            list("authResponseHeaders"),
            string("authSigninURL"));

    public static final StructSchema SNIPPET = StructSchema.of("Snippet",
            string("serverSnippet"),
            string("configurationSnippet"),
            struct("auth", SNIPPET_AUTH));

    public static final StructSchema REWRITE_TARGET = StructSchema.of("RewriteTarget",
            string("regex"),
            string("replacement"),
            string("xForwardedPrefix"));

    public static final StructSchema UPSTREAM_VHOST = StructSchema.of("UpstreamVHost",
            string("vHost"),
            stringMap("vars"));

    public static final StructSchema APP_ROOT = StructSchema.of("AppRoot", string("path"));

    private ProviderOnlySchema() {
    }
}
