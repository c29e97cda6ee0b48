package io.kvroute.kv.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One middleware of every Traefik v3 HTTP type, as Traefik v3 keys under {@code traefik/http/}, with the options of
 * Traefik's documentation ({@code docs/content/reference/routing-configuration/http/middlewares/*.md}: its examples,
 * and the other options of its tables with realistic values), each used by one router of its own: router
 * {@code NAME} ({@code Host(`NAME.test`)}) uses middleware {@code NAME} ({@link #TYPES}). The services are
 * {@code app} and the errors middleware's {@code error-handler}, both on {@code serverUrl}.
 *
 * <p>Options kvroute refuses (its proxy leaves the router out, naming them) are left out, each with the reason
 * (kvroute's README, "Middlewares"): rateLimit {@code redis} (kvroute keeps no rate limit in Redis). Kubernetes-only
 * options (forwardAuth {@code tls.caSecret}, {@code tls.certSecret}) have no key, and an errors
 * {@code statusRewrites} code alone ({@code 418}) cannot be a key (see {@link #otherMiddlewares()}).
 */
public final class EveryMiddlewareKeys {
    private static final String HTTP = "traefik/http/";
    /** The users of Traefik's basicAuth and digestAuth examples, {@code test} and {@code test2}. */
    private static final String BASIC_TEST = "test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/";
    private static final String BASIC_TEST2 = "test2:$apr1$d9hr9HBB$4HxwgUir3HP4EsggP/QNo0";
    private static final String DIGEST_TEST = "test:traefik:a2688e031edb4be6a3797f3882655c05";
    private static final String DIGEST_TEST2 = "test2:traefik:518845800f9e2bfb1f1f740ec24f074e";

    /** Middleware (and router) name to Traefik type, one per type; {@code ipWhiteList} is v3's deprecated alias. */
    public static final SortedMap<String, String> TYPES = Collections.unmodifiableSortedMap(new TreeMap<>(Map.ofEntries(
            Map.entry("addprefix", "addPrefix"),
            Map.entry("basicauth", "basicAuth"),
            Map.entry("buffering", "buffering"),
            Map.entry("chain", "chain"),
            Map.entry("circuitbreaker", "circuitBreaker"),
            Map.entry("compress", "compress"),
            Map.entry("contenttype", "contentType"),
            Map.entry("digestauth", "digestAuth"),
            Map.entry("encodedcharacters", "encodedCharacters"),
            Map.entry("errors", "errors"),
            Map.entry("forwardauth", "forwardAuth"),
            Map.entry("grpcweb", "grpcWeb"),
            Map.entry("headers", "headers"),
            Map.entry("inflightreq", "inFlightReq"),
            Map.entry("ipallowlist", "ipAllowList"),
            Map.entry("ipwhitelist", "ipWhiteList"),
            Map.entry("passtlsclientcert", "passTLSClientCert"),
            Map.entry("plugin", "plugin"),
            Map.entry("ratelimit", "rateLimit"),
            Map.entry("redirectregex", "redirectRegex"),
            Map.entry("redirectscheme", "redirectScheme"),
            Map.entry("replacepath", "replacePath"),
            Map.entry("replacepathregex", "replacePathRegex"),
            Map.entry("retry", "retry"),
            Map.entry("stripprefix", "stripPrefix"),
            Map.entry("stripprefixregex", "stripPrefixRegex"))));

    private final Map<String, String> keys = new LinkedHashMap<>();

    private EveryMiddlewareKeys() {
    }

    /**
     * The keys, with the users files and forwardAuth's TLS files the options name written into {@code files} (an
     * existing directory).
     */
    public static Map<String, String> keys(String serverUrl, Path files) {
        EveryMiddlewareKeys keys = new EveryMiddlewareKeys();
        keys.routersAndServices(serverUrl);
        keys.pathMiddlewares();
        keys.authMiddlewares(files);
        keys.trafficMiddlewares();
        keys.headers();
        keys.otherMiddlewares();
        return Collections.unmodifiableMap(keys.keys);
    }

    private void routersAndServices(String serverUrl) {
        for (String name : TYPES.keySet()) {
            put(HTTP + "routers/" + name + "/rule", "Host(`" + name + ".test`)");
            put(HTTP + "routers/" + name + "/service", "app");
            put(HTTP + "routers/" + name + "/middlewares/0", name);
        }
        put(HTTP + "services/app/loadBalancer/servers/0/url", serverUrl);
        put(HTTP + "services/error-handler/loadBalancer/servers/0/url", serverUrl);
    }

    private void pathMiddlewares() {
        option("addprefix", "prefix", "/foo");
        option("stripprefix", "prefixes/0", "/foobar");
        option("stripprefix", "prefixes/1", "/fiibar");
        option("stripprefixregex", "regex/0", "/foo/[a-z0-9]+/[0-9]+/");
        option("replacepath", "path", "/foo");
        option("replacepathregex", "regex", "^/foo/(.*)");
        option("replacepathregex", "replacement", "/bar/$1");
        option("redirectregex", "regex", "^http://localhost/(.*)");
        option("redirectregex", "replacement", "http://mydomain/${1}");
        option("redirectregex", "permanent", "true");
        option("redirectscheme", "scheme", "https");
        option("redirectscheme", "port", "8443");
        option("redirectscheme", "permanent", "true");
        option("chain", "middlewares/0", "redirectscheme");
        option("chain", "middlewares/1", "ipallowlist");
        option("chain", "middlewares/2", "basicauth");
        for (String allowed : new String[] {"allowEncodedSlash", "allowEncodedBackSlash", "allowEncodedNullCharacter",
                "allowEncodedSemicolon", "allowEncodedPercent", "allowEncodedQuestionMark", "allowEncodedHash"}) {
            option("encodedcharacters", allowed, "true");
        }
    }

    private void authMiddlewares(Path files) {
        option("basicauth", "users/0", BASIC_TEST);
        option("basicauth", "users/1", BASIC_TEST2);
        option("basicauth", "usersFile", write(files, "basic-users", BASIC_TEST2 + "\n"));
        option("basicauth", "realm", "MyRealm");
        option("basicauth", "headerField", "X-WebAuth-User");
        option("basicauth", "removeHeader", "true");
        option("digestauth", "users/0", DIGEST_TEST);
        option("digestauth", "users/1", DIGEST_TEST2);
        option("digestauth", "usersFile", write(files, "digest-users", DIGEST_TEST2 + "\n"));
        option("digestauth", "realm", "traefik");
        option("digestauth", "headerField", "X-WebAuth-User");
        option("digestauth", "removeHeader", "true");
        option("forwardauth", "address", "https://example.com/auth");
        option("forwardauth", "trustForwardHeader", "true");
        option("forwardauth", "authResponseHeaders/0", "X-Auth-User");
        option("forwardauth", "authResponseHeaders/1", "X-Secret");
        option("forwardauth", "authResponseHeadersRegex", "^X-");
        option("forwardauth", "authRequestHeaders/0", "Accept");
        option("forwardauth", "authRequestHeaders/1", "X-CustomHeader");
        option("forwardauth", "addAuthCookiesToResponse/0", "Session-Cookie");
        option("forwardauth", "addAuthCookiesToResponse/1", "State-Cookie");
        option("forwardauth", "forwardBody", "true");
        option("forwardauth", "maxBodySize", "1000");
        option("forwardauth", "maxResponseBodySize", "1000000");
        option("forwardauth", "headerField", "X-WebAuth-User");
        option("forwardauth", "preserveLocationHeader", "true");
        option("forwardauth", "preserveRequestMethod", "true");
        option("forwardauth", "authSigninURL", "https://example.com/signin");
        TestCertificate client = TlsFixtures.a();
        option("forwardauth", "tls/ca", TlsFixtures.b().writeTo(files, "auth-ca").toString());
        option("forwardauth", "tls/cert", client.writeTo(files, "auth-client").toString());
        option("forwardauth", "tls/key", TestCertificate.keyPath(files, "auth-client").toString());
        option("forwardauth", "tls/insecureSkipVerify", "false");
    }

    private void trafficMiddlewares() {
        option("ratelimit", "average", "100");
        option("ratelimit", "period", "1s");
        option("ratelimit", "burst", "200");
        option("ratelimit", "sourceCriterion/ipStrategy/depth", "2");
        option("ratelimit", "sourceCriterion/ipStrategy/ipv6Subnet", "64");
        option("inflightreq", "amount", "10");
        option("inflightreq", "sourceCriterion/requestHeaderName", "username");
        option("ipallowlist", "sourceRange/0", "127.0.0.1/32");
        option("ipallowlist", "sourceRange/1", "192.168.1.7");
        option("ipallowlist", "ipStrategy/excludedIPs/0", "127.0.0.1/32");
        option("ipallowlist", "ipStrategy/excludedIPs/1", "192.168.1.7");
        option("ipallowlist", "ipStrategy/ipv6Subnet", "64");
        option("ipallowlist", "rejectStatusCode", "404");
        option("ipwhitelist", "sourceRange/0", "127.0.0.1/32");
        option("ipwhitelist", "sourceRange/1", "192.168.1.7");
        option("ipwhitelist", "ipStrategy/depth", "2");
        option("buffering", "maxRequestBodyBytes", "2000000");
        option("buffering", "memRequestBodyBytes", "2097152");
        option("buffering", "maxResponseBodyBytes", "2000000");
        option("buffering", "memResponseBodyBytes", "2097152");
        option("buffering", "retryExpression", "IsNetworkError() && Attempts() < 2");
        option("circuitbreaker", "expression", "LatencyAtQuantileMS(50.0) > 100");
        option("circuitbreaker", "checkPeriod", "100ms");
        option("circuitbreaker", "fallbackDuration", "10s");
        option("circuitbreaker", "recoveryDuration", "10s");
        option("circuitbreaker", "responseCode", "503");
        option("retry", "attempts", "4");
        option("retry", "initialInterval", "100ms");
        option("retry", "timeout", "60s");
        option("retry", "maxRequestBodyBytes", "1024");
        option("retry", "retryNonIdempotentMethod", "true");
        option("retry", "status/0", "400");
        option("retry", "status/1", "500-599");
        option("retry", "disableRetryOnNetworkError", "true");
    }

    private void headers() {
        option("headers", "customRequestHeaders/X-Script-Name", "test");
        option("headers", "customRequestHeaders/X-Custom-Request-Header", "");
        option("headers", "customResponseHeaders/X-Custom-Response-Header", "value");
        option("headers", "accessControlAllowCredentials", "true");
        option("headers", "accessControlAllowHeaders/0", "*");
        option("headers", "accessControlAllowMethods/0", "GET");
        option("headers", "accessControlAllowMethods/1", "OPTIONS");
        option("headers", "accessControlAllowMethods/2", "PUT");
        option("headers", "accessControlAllowOriginList/0", "https://foo.bar.org");
        option("headers", "accessControlAllowOriginList/1", "https://example.org");
        option("headers", "accessControlAllowOriginListRegex/0", "^https://([a-z]+)\\.bar\\.org$");
        option("headers", "accessControlExposeHeaders/0", "X-Custom-Response-Header");
        option("headers", "accessControlMaxAge", "100");
        option("headers", "addVaryHeader", "true");
        option("headers", "allowedHosts/0", "headers.test");
        option("headers", "hostsProxyHeaders/0", "X-Forwarded-Host");
        option("headers", "sslProxyHeaders/X-Forwarded-Proto", "https");
        option("headers", "stsSeconds", "31536000");
        option("headers", "stsIncludeSubdomains", "true");
        option("headers", "stsPreload", "true");
        option("headers", "forceSTSHeader", "true");
        option("headers", "frameDeny", "true");
        option("headers", "customFrameOptionsValue", "SAMEORIGIN");
        option("headers", "contentTypeNosniff", "true");
        option("headers", "browserXssFilter", "true");
        option("headers", "customBrowserXSSValue", "1; mode=block");
        option("headers", "contentSecurityPolicy", "default-src 'self'");
        option("headers", "contentSecurityPolicyReportOnly", "default-src 'self'; report-uri /csp-report");
        option("headers", "publicKey", "pin-sha256=\"cUPcTAZWKaASuYWhhneDttWpY3oBAkE3h2+soZS7sWs=\"; max-age=5184000");
        option("headers", "referrerPolicy", "same-origin");
        option("headers", "permissionsPolicy", "camera=(), microphone=()");
        option("headers", "isDevelopment", "false");
    }

    private void otherMiddlewares() {
        option("compress", "excludedContentTypes/0", "text/event-stream");
        option("compress", "minResponseBodyBytes", "1200");
        option("compress", "encodings/0", "zstd");
        option("compress", "encodings/1", "br");
        option("compress", "encodings/2", "gzip");
        option("compress", "defaultEncoding", "gzip");
        put(HTTP + "middlewares/contenttype/contentType", "");
        option("errors", "status/0", "500");
        option("errors", "status/1", "501");
        option("errors", "status/2", "503");
        option("errors", "status/3", "505-599");
        // The documentation's statusRewrites "418" -> 404 cannot be written as a key: Traefik's KV provider reads any key
        // ending in /<digits> as a list element (pkg/config/kv/kv_node.go), so statusRewrites/418 is the list
        // statusRewrites ["404"]. The range 418-418 is the same rewrite.
        option("errors", "statusRewrites/418-418", "404");
        option("errors", "statusRewrites/502-504", "500");
        option("errors", "service", "error-handler");
        option("errors", "query", "/{status}.html");
        option("errors", "errorRequestHeaders/0", "Accept-Language");
        option("passtlsclientcert", "pem", "true");
        for (String info : new String[] {"notAfter", "notBefore", "sans", "serialNumber"}) {
            option("passtlsclientcert", "info/" + info, "true");
        }
        for (String field : new String[] {"country", "province", "locality", "organization", "organizationalUnit",
                "commonName", "serialNumber", "domainComponent"}) {
            option("passtlsclientcert", "info/subject/" + field, "true");
            if (!field.equals("organizationalUnit")) {
                option("passtlsclientcert", "info/issuer/" + field, "true");
            }
        }
        option("grpcweb", "allowOrigins/0", "*");
        put(HTTP + "middlewares/plugin/plugin/geoblock/allowedCountries/0", "FR");
    }

    /** {@code traefik/http/middlewares/NAME/TYPE/field}, the type being {@link #TYPES}' for {@code name}. */
    private void option(String name, String field, String value) {
        put(HTTP + "middlewares/" + name + "/" + TYPES.get(name) + "/" + field, value);
    }

    private void put(String key, String value) {
        keys.put(key, value);
    }

    private static String write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }
}
