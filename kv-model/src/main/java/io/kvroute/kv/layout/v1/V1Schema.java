package io.kvroute.kv.layout.v1;

import static io.kvroute.kv.layout.v1.V1Field.bool;
import static io.kvroute.kv.layout.v1.V1Field.headers;
import static io.kvroute.kv.layout.v1.V1Field.integer;
import static io.kvroute.kv.layout.v1.V1Field.list;
import static io.kvroute.kv.layout.v1.V1Field.string;

import io.kvroute.kv.layout.v1.V1Section.Presence;
import java.util.List;

/**
 * Traefik 1.7's backend and frontend keys ({@code provider/kv/keynames.go}, {@code kv_config.go}) with the JSON
 * names of Traefik 1.x's {@code types.Backend} and {@code types.Frontend} and the provider's defaults.
 */
public final class V1Schema {
    public static final V1Section BACKEND = V1Section.of("", "backend", Presence.ALWAYS, List.of(), List.of(
            V1Section.named("servers", "servers", "url", List.of(
                    string("url", "url"),
                    integer("weight", "weight").defaultValue("1").always(),
                    V1Field.of("tags", "tags", V1Type.IGNORED)), List.of()),
            V1Section.whenSet("circuitbreaker", "circuitBreaker", "expression", List.of(
                    string("expression", "expression"))),
            V1Section.whenSet("responseforwarding", "forwardingResponse", "flushinterval", List.of(
                    string("flushinterval", "flushInterval"))),
            V1Section.of("loadbalancer", "loadBalancer", Presence.ALWAYS, List.of(
                    string("method", "method").defaultValue("wrr").always(),
                    bool("sticky", "sticky")), List.of(
                    V1Section.of("stickiness", "stickiness", Presence.OWN_VALUE_TRUE, List.of(
                            string("cookiename", "cookieName"),
                            bool("secure", "secure"),
                            bool("httponly", "httpOnly"),
                            string("samesite", "sameSite")), List.of()))),
            V1Section.whenSet("maxconn", "maxConn", "amount", List.of(
                    integer("amount", "amount"),
                    string("extractorfunc", "extractorFunc").defaultValue("request.host"))),
            V1Section.whenSet("healthcheck", "healthCheck", "path", List.of(
                    string("scheme", "scheme"),
                    string("path", "path"),
                    integer("port", "port"),
                    string("interval", "interval").defaultValue("30s"),
                    string("hostname", "hostname"),
                    headers("headers", "headers"))),
            V1Section.of("buffering", "buffering", Presence.ANY_KEY, List.of(
                    integer("maxrequestbodybytes", "maxRequestBodyBytes"),
                    integer("memrequestbodybytes", "memRequestBodyBytes"),
                    integer("maxresponsebodybytes", "maxResponseBodyBytes"),
                    integer("memresponsebodybytes", "memResponseBodyBytes"),
                    string("retryexpression", "retryExpression")), List.of())));

    private static List<V1Field> distinguishedName() {
        return List.of(
                bool("commonname", "commonName").always(),
                bool("country", "country").always(),
                bool("domaincomponent", "domainComponent").always(),
                bool("locality", "locality").always(),
                bool("organization", "organization").always(),
                bool("province", "province").always(),
                bool("serialnumber", "serialNumber").always());
    }

    private static List<V1Field> userAuth() {
        return List.of(
                list("users", "users"),
                string("usersfile", "usersFile"),
                bool("removeheader", "removeHeader"));
    }

    public static final V1Section FRONTEND = V1Section.of("", "frontend", Presence.ALWAYS, List.of(
            string("backend", "backend").always(),
            integer("priority", "priority").defaultValue("0").always(),
            bool("passhostheader", "passHostHeader").defaultValue("true").always().fallback("passHostHeader"),
            bool("passtlscert", "passTLSCert"),
            list("entrypoints", "entryPoints").always(),
            list("basicauth", "basicAuth")), List.of(
            V1Section.named("routes", "routes", "rule", List.of(string("rule", "rule")), List.of()),
            V1Section.of("passtlsclientcert", "passTLSClientCert", Presence.ANY_KEY, List.of(
                    bool("pem", "pem").always()), List.of(
                    V1Section.of("infos", "infos", Presence.ANY_KEY, List.of(
                            bool("notafter", "notAfter").always(),
                            bool("notbefore", "notBefore").always(),
                            bool("sans", "sans").always()), List.of(
                            V1Section.of("subject", "subject", Presence.ANY_KEY, distinguishedName(), List.of()),
                            V1Section.of("issuer", "issuer", Presence.ANY_KEY, distinguishedName(),
                                    List.of()))))),
            V1Section.of("auth", "auth", Presence.ANY_KEY, List.of(string("headerfield", "headerField")), List.of(
                    V1Section.of("basic", "basic", Presence.ANY_KEY, userAuth(), List.of()),
                    V1Section.of("digest", "digest", Presence.ANY_KEY, userAuth(), List.of()),
                    V1Section.of("forward", "forward", Presence.ANY_KEY, List.of(
                            string("address", "address"),
                            bool("trustforwardheader", "trustForwardHeader"),
                            list(".authresponseheaders", "authResponseHeaders")), List.of(
                            V1Section.of("tls", "tls", Presence.ANY_VALUE, List.of(
                                    string("ca", "ca"),
                                    bool("caoptional", "caOptional"),
                                    string("cert", "cert"),
                                    bool("insecureskipverify", "insecureSkipVerify"),
                                    string("key", "key")), List.of()))))),
            V1Section.whenSet("whitelist", "whiteList", "sourcerange", List.of(
                    list("sourcerange", "sourceRange"),
                    bool("usexforwardedfor", "useXForwardedFor"))),
            V1Section.of("redirect", "redirect", Presence.NON_ZERO, List.of(
                    string("entrypoint", "entryPoint"),
                    string("regex", "regex"),
                    string("replacement", "replacement"),
                    bool("permanent", "permanent")), List.of()),
            V1Section.named("errors", "errors", "", List.of(
                    string("backend", "backend"),
                    string("query", "query"),
                    list("status", "status")), List.of()),
            new V1Section("ratelimit", "ratelimit", Presence.FIELD_SET, "extractorfunc", false, List.of(
                    string("extractorfunc", "extractorFunc")), List.of(
                    V1Section.named("rateset", "rateset", "period", List.of(
                            V1Field.of("period", "period", V1Type.DURATION),
                            integer("average", "average"),
                            integer("burst", "burst")), List.of()))),
            V1Section.of("headers", "headers", Presence.NON_ZERO, List.of(
                    headers("customrequestheaders", "customRequestHeaders"),
                    headers("customresponseheaders", "customResponseHeaders"),
                    list("allowedhosts", "allowedHosts"),
                    list("hostsproxyheaders", "hostsProxyHeaders"),
                    bool("sslredirect", "sslRedirect"),
                    bool("ssltemporaryredirect", "sslTemporaryRedirect"),
                    string("sslhost", "sslHost"),
                    headers("sslproxyheaders", "sslProxyHeaders"),
                    bool("sslforcehost", "sslForceHost"),
                    integer("stsseconds", "stsSeconds"),
                    bool("stsincludesubdomains", "stsIncludeSubdomains"),
                    bool("stspreload", "stsPreload"),
                    bool("forcestsheader", "forceSTSHeader"),
                    bool("framedeny", "frameDeny"),
                    string("customframeoptionsvalue", "customFrameOptionsValue"),
                    bool("contenttypenosniff", "contentTypeNosniff"),
                    bool("browserxssfilter", "browserXssFilter"),
                    string("custombrowserxssvalue", "customBrowserXSSValue"),
                    string("contentsecuritypolicy", "contentSecurityPolicy"),
                    string("publickey", "publicKey"),
                    string("referrerpolicy", "referrerPolicy"),
                    bool("isdevelopment", "isDevelopment")), List.of())));

    private V1Schema() {
    }
}
