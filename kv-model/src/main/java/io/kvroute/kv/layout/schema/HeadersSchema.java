package io.kvroute.kv.layout.schema;

import static io.kvroute.kv.layout.schema.Field.bool;
import static io.kvroute.kv.layout.schema.Field.integer;
import static io.kvroute.kv.layout.schema.Field.list;
import static io.kvroute.kv.layout.schema.Field.string;
import static io.kvroute.kv.layout.schema.Field.stringMap;

/** Traefik v3.7 {@code dynamic.Headers} middleware ({@code http/middlewares/<m>/headers/...}). */
public final class HeadersSchema {
    public static final StructSchema HEADERS = StructSchema.of("Headers",
            stringMap("customRequestHeaders"),
            stringMap("customResponseHeaders"),
            bool("accessControlAllowCredentials"),
            list("accessControlAllowHeaders"),
            list("accessControlAllowMethods"),
            list("accessControlAllowOriginList"),
            list("accessControlAllowOriginListRegex"),
            list("accessControlExposeHeaders"),
            integer("accessControlMaxAge").asPointer(),
            bool("addVaryHeader"),
            list("allowedHosts"),
            list("hostsProxyHeaders"),
            stringMap("sslProxyHeaders"),
            integer("stsSeconds").asPointer(),
            bool("stsIncludeSubdomains"),
            bool("stsPreload"),
            bool("forceSTSHeader"),
            bool("frameDeny"),
            string("customFrameOptionsValue"),
            bool("contentTypeNosniff"),
            bool("browserXssFilter"),
            string("customBrowserXSSValue"),
            string("contentSecurityPolicy"),
            string("contentSecurityPolicyReportOnly").since(3, 1),
            string("publicKey"),
            string("referrerPolicy"),
            string("permissionsPolicy"),
            bool("isDevelopment"),
            string("featurePolicy").asPointer(),
            bool("sslRedirect").asPointer(),
            bool("sslTemporaryRedirect").asPointer(),
            string("sslHost").asPointer(),
            bool("sslForceHost").asPointer());

    private HeadersSchema() {
    }
}
