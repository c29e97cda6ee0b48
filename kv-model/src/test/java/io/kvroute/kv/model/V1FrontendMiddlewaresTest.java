package io.kvroute.kv.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.store.KvPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Traefik 1.7 frontend features as the Traefik v3 middlewares kvroute applies (see Traefik 1.7's docs/source). */
class V1FrontendMiddlewaresTest {
    private static MappedConfig frontend(String features) {
        return V1JsonMapper.fromJson(Vectors.json("""
                {"backends": {"app": {"servers": {"s": {"url": "http://10.0.0.1:80", "weight": 1}}},
                              "pages": {"servers": {"s": {"url": "http://10.0.0.2:80", "weight": 1}}}},
                 "frontends": {"web": {"backend": "app", "routes": {"r": {"rule": "Host:a"}}, %s}}}"""
                .formatted(features)));
    }

    private static ObjectNode settings(MappedConfig mapped, String middleware) {
        return ((OpaqueMiddleware) mapped.config().middlewares().get(middleware)).settings().toJson();
    }

    private static List<String> lines(MappedConfig mapped) {
        return mapped.problems().stream().map(Problem::toLine).toList();
    }

    @Test
    void whiteListBecomesAnIpAllowListAndUseXForwardedForTheAddressTheNearestProxyAdded() {
        MappedConfig mapped = frontend("""
                "whiteList": {"sourceRange": ["10.0.0.0/8", "192.168.1.7"], "useXForwardedFor": true},
                "whitelistSourceRange": ["172.16.0.0/12"]""");

        assertThat(mapped.config().routers().get("web").middlewares()).containsExactly("web-ipallowlist");
        assertThat(mapped.config().middlewares().get("web-ipallowlist").type()).isEqualTo("ipAllowList");
        assertThat(settings(mapped, "web-ipallowlist")).isEqualTo(Vectors.json("""
                {"sourceRange": ["10.0.0.0/8", "192.168.1.7"], "ipStrategy": {"depth": 1}}"""));
        assertThat(lines(mapped)).containsExactly("warning frontends/web/whitelist/usexforwardedfor=\"true\": the "
                + "client address is the last one X-Forwarded-For names (Traefik v3 ipStrategy depth 1); Traefik 1.7 "
                + "accepted any X-Forwarded-For address or the peer address");
    }

    @Test
    void deprecatedWhitelistSourceRangeIsAnIpAllowListOfThePeerAddress() {
        MappedConfig mapped = frontend("\"whitelistSourceRange\": [\"172.16.0.0/12\"]");

        assertThat(settings(mapped, "web-ipallowlist")).isEqualTo(Vectors.json("{\"sourceRange\": [\"172.16.0.0/12\"]}"));
        assertThat(mapped.problems()).isEmpty();
    }

    @Test
    void redirectByRegexBecomesRedirectRegex() {
        MappedConfig mapped = frontend("""
                "redirect": {"regex": "^http://localhost/(.*)", "replacement": "http://mydomain/$1",
                             "permanent": true}""");

        assertThat(mapped.config().middlewares().get("web-redirectregex").type()).isEqualTo("redirectRegex");
        assertThat(settings(mapped, "web-redirectregex")).isEqualTo(Vectors.json("""
                {"regex": "^http://localhost/(.*)", "replacement": "http://mydomain/$1", "permanent": true}"""));
        assertThat(mapped.problems()).isEmpty();
    }

    @Test
    void redirectToAnEntryPointBecomesKvroutesEntryPointRedirectNamingItsKey() {
        MappedConfig permanent = frontend("\"redirect\": {\"entryPoint\": \"https\", \"permanent\": true}");
        MappedConfig temporary = frontend("""
                "redirect": {"entryPoint": "https", "regex": "^(.*)$", "replacement": "http://other/$1"}""");

        assertThat(permanent.config().middlewares().get("web-redirectentrypoint").type())
                .isEqualTo(MiddlewareTypes.V1_REDIRECT_ENTRY_POINT);
        assertThat(settings(permanent, "web-redirectentrypoint")).isEqualTo(Vectors.json("""
                {"entryPoint": "https", "permanent": true, "key": "frontends/web/redirect/entrypoint"}"""));
        assertThat(permanent.config().routers().get("web").middlewares()).containsExactly("web-redirectentrypoint");
        assertThat(permanent.problems()).isEmpty();
        assertThat(temporary.config().middlewares()).containsOnlyKeys("web-redirectentrypoint");
        assertThat(settings(temporary, "web-redirectentrypoint")).isEqualTo(Vectors.json("""
                {"entryPoint": "https", "key": "frontends/web/redirect/entrypoint"}"""));
        assertThat(MiddlewareTypes.applied(MiddlewareTypes.V1_REDIRECT_ENTRY_POINT)).isTrue();
    }

    @Test
    void redirectWithATemplateLeavesTheFrontendOut() {
        MappedConfig template = frontend("""
                "redirect": {"regex": "^(.*)$", "replacement": "https://{{ .Request.Host }}/"}""");

        assertThat(template.config().middlewares()).isEmpty();
        assertThat(template.problems()).extracting(Problem::key, Problem::isError)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("frontends/web/redirect/replacement", true));
    }

    @Test
    void securityHeadersKeepTheirNamesInTraefikV3HeadersAndSslRedirectIsKvroutesSslRedirectInFrontOfThem() {
        MappedConfig mapped = frontend("""
                "headers": {"customResponseHeaders": {"X-Custom": "1"}, "allowedHosts": ["a"],
                            "hostsProxyHeaders": ["X-Forwarded-Host"], "sslProxyHeaders": {"X-Forwarded-Proto": "https"},
                            "stsSeconds": 315360000, "stsIncludeSubdomains": true, "stsPreload": true,
                            "forceSTSHeader": true, "frameDeny": true, "customFrameOptionsValue": "SAMEORIGIN",
                            "contentTypeNosniff": true, "browserXssFilter": true, "customBrowserXSSValue": "0",
                            "contentSecurityPolicy": "default-src 'self'", "publicKey": "pin", "referrerPolicy":
                            "no-referrer", "sslRedirect": true, "sslTemporaryRedirect": true}""");

        Headers headers = (Headers) mapped.config().middlewares().get("web-headers");
        assertThat(headers.customResponseHeaders()).containsExactly(java.util.Map.entry("X-Custom", "1"));
        assertThat(headers.others().toJson()).isEqualTo(Vectors.json("""
                {"allowedHosts": ["a"], "hostsProxyHeaders": ["X-Forwarded-Host"],
                 "sslProxyHeaders": {"X-Forwarded-Proto": "https"}, "stsSeconds": 315360000,
                 "stsIncludeSubdomains": true, "stsPreload": true, "forceSTSHeader": true, "frameDeny": true,
                 "customFrameOptionsValue": "SAMEORIGIN", "contentTypeNosniff": true, "browserXssFilter": true,
                 "customBrowserXSSValue": "0", "contentSecurityPolicy": "default-src 'self'", "publicKey": "pin",
                 "referrerPolicy": "no-referrer"}"""));
        assertThat(mapped.config().middlewares().get("web-sslredirect").type())
                .isEqualTo(MiddlewareTypes.V1_SSL_REDIRECT);
        assertThat(settings(mapped, "web-sslredirect")).isEqualTo(Vectors.json("""
                {"sslRedirect": true, "temporary": true, "sslProxyHeaders": {"X-Forwarded-Proto": "https"},
                 "hostsProxyHeaders": ["X-Forwarded-Host"], "allowedHosts": ["a"]}"""));
        assertThat(mapped.config().routers().get("web").middlewares())
                .containsExactly("web-sslredirect", "web-headers");
        assertThat(mapped.problems()).isEmpty();
    }

    @Test
    void sslRedirectIsNotAppliedInDevelopmentAndSslHostIsWhereItGoes() {
        MappedConfig development = frontend("\"headers\": {\"sslRedirect\": true, \"isDevelopment\": true}");
        MappedConfig sslHost = frontend("\"headers\": {\"sslRedirect\": true, \"sslHost\": \"secure.example\"}");
        MappedConfig forceHostAlone = frontend("\"headers\": {\"sslRedirect\": true, \"sslForceHost\": true}");

        assertThat(development.config().routers().get("web").middlewares()).containsExactly("web-headers");
        assertThat(development.problems()).isEmpty();
        assertThat(sslHost.config().routers().get("web").middlewares()).containsExactly("web-sslredirect");
        assertThat(settings(sslHost, "web-sslredirect")).isEqualTo(Vectors.json("""
                {"sslRedirect": true, "sslHost": "secure.example"}"""));
        assertThat(sslHost.problems()).isEmpty();
        assertThat(forceHostAlone.config().routers().get("web").middlewares()).containsExactly("web-sslredirect");
        assertThat(settings(forceHostAlone, "web-sslredirect")).isEqualTo(Vectors.json("{\"sslRedirect\": true}"));
        assertThat(lines(forceHostAlone)).containsExactly("warning frontends/web/headers/sslforcehost=\"true\": "
                + "changes nothing without sslHost, as in Traefik 1.7");
    }

    @Test
    void sslHostAloneRewritesLocationsAndSslForceHostRedirectsEvenInDevelopment() {
        MappedConfig sslHost = frontend("\"headers\": {\"sslHost\": \"secure.example\"}");
        MappedConfig forced = frontend("""
                "headers": {"sslHost": "secure.example", "sslForceHost": true, "isDevelopment": true,
                            "allowedHosts": ["a"], "sslTemporaryRedirect": true}""");

        assertThat(sslHost.config().routers().get("web").middlewares()).containsExactly("web-sslredirect");
        assertThat(settings(sslHost, "web-sslredirect")).isEqualTo(Vectors.json("{\"sslHost\": \"secure.example\"}"));
        assertThat(sslHost.problems()).isEmpty();
        assertThat(forced.config().routers().get("web").middlewares()).containsExactly("web-sslredirect",
                "web-headers");
        assertThat(settings(forced, "web-sslredirect")).as("no allowedHosts: secure skips them in development")
                .isEqualTo(Vectors.json("""
                        {"sslHost": "secure.example", "sslForceHost": true, "temporary": true}"""));
        assertThat(forced.problems()).isEmpty();
    }

    @Test
    void aCustomHeaderTheRedirectsOrTheLocationRewriteWouldReadOtherwiseLeavesTheFrontendOut() {
        MappedConfig forcedHost = frontend("""
                "headers": {"sslHost": "secure.example", "sslForceHost": true, "customRequestHeaders": {"Host": "b"}}""");
        MappedConfig location = frontend("""
                "headers": {"sslHost": "secure.example", "customResponseHeaders": {"location": "http://secure.example/a"}}""");
        MappedConfig otherLocation = frontend("""
                "headers": {"sslHost": "secure.example", "customRequestHeaders": {"Host": "b"},
                            "customResponseHeaders": {"Location": "http://secure.example:8080/a"}}""");

        assertThat(forcedHost.config().middlewares()).doesNotContainKey("web-sslredirect");
        assertThat(lines(forcedHost)).containsExactly("error frontends/web/headers/sslhost=\"secure.example\": "
                + "customRequestHeaders sets Host, which Traefik 1.7's unrolled/secure reads after the custom headers "
                + "and kvroute's sslHost before them; " + V1Reader.LEFT_OUT);
        assertThat(lines(location)).containsExactly("error frontends/web/headers/sslhost=\"secure.example\": "
                + "customResponseHeaders sets Location to http://secure.example/a, which Traefik 1.7 sets after "
                + "rewriting the backend's http://secure.example/ Location to https and kvroute before; "
                + V1Reader.LEFT_OUT);
        assertThat(otherLocation.problems()).as("the rewrite alone reads request headers as sent").isEmpty();
        assertThat(otherLocation.config().routers().get("web").middlewares()).containsExactly("web-sslredirect",
                "web-headers");
    }

    @Test
    void sslHostWithAllowedHostsAndACustomHostHeaderLeavesTheFrontendOut() {
        MappedConfig allowed = frontend("""
                "headers": {"sslHost": "secure.example", "allowedHosts": ["a"], "customRequestHeaders": {"host": "b"}}""");
        MappedConfig proxyHeader = frontend("""
                "headers": {"sslHost": "secure.example", "allowedHosts": ["a"], "hostsProxyHeaders": ["X-Host"],
                            "customRequestHeaders": {"X-Host": "b"}}""");
        MappedConfig development = frontend("""
                "headers": {"sslHost": "secure.example", "allowedHosts": ["a"], "isDevelopment": true,
                            "customRequestHeaders": {"Host": "b"}}""");

        assertThat(allowed.config().middlewares()).doesNotContainKey("web-sslredirect");
        assertThat(lines(allowed)).containsExactly("error frontends/web/headers/sslhost=\"secure.example\": "
                + "customRequestHeaders sets host, which Traefik 1.7's unrolled/secure checks against allowedHosts "
                + "after the custom headers and kvroute's sslHost before them; " + V1Reader.LEFT_OUT);
        assertThat(lines(proxyHeader)).singleElement().asString().contains("customRequestHeaders sets X-Host");
        assertThat(development.problems()).as("secure skips allowedHosts in development").isEmpty();
        assertThat(development.config().routers().get("web").middlewares()).containsExactly("web-sslredirect",
                "web-headers");
    }

    @Test
    void sslRedirectWithACustomRequestHeaderItReadsLeavesTheFrontendOut() {
        MappedConfig mapped = frontend("""
                "headers": {"sslRedirect": true, "sslProxyHeaders": {"X-Scheme": "https"},
                            "customRequestHeaders": {"x-scheme": "https"}}""");

        assertThat(mapped.config().middlewares()).doesNotContainKey("web-sslredirect");
        assertThat(lines(mapped)).containsExactly("error frontends/web/headers/sslredirect=\"true\": "
                + "customRequestHeaders sets x-scheme, which Traefik 1.7's unrolled/secure reads after the custom "
                + "headers and kvroute's sslRedirect before them; " + V1Reader.LEFT_OUT);
    }

    @Test
    void everyErrorPageIsAnErrorsMiddlewareByPageNameAndOneOnTheFrontendsBackendIsSkippedAs17Does() {
        MappedConfig mapped = frontend("""
                "errors": {"b-server": {"status": ["500-599"], "backend": "pages", "query": "/{status}.html"},
                           "a-missing": {"status": ["404"], "backend": "pages"},
                           "loop": {"status": ["502"], "backend": "app"}}""");

        assertThat(mapped.config().routers().get("web").middlewares())
                .containsExactly("web-errors-a-missing", "web-errors-b-server");
        assertThat(settings(mapped, "web-errors-b-server")).isEqualTo(Vectors.json("""
                {"status": ["500-599"], "service": "pages", "query": "/{status}.html"}"""));
        assertThat(settings(mapped, "web-errors-a-missing"))
                .isEqualTo(Vectors.json("{\"status\": [\"404\"], \"service\": \"pages\"}"));
        assertThat(lines(mapped)).containsExactly("warning frontends/web/errors/loop=\"app\": error page on the "
                + "frontend's own backend (a loop): Traefik 1.7 skips it");
    }

    @Test
    void everyRateSetIsARateLimitKeyedAsTheExtractorSays() {
        MappedConfig byHeader = frontend("""
                "ratelimit": {"extractorFunc": "request.header.X-Api-Key", "rateset": {
                    "burst": {"period": "3s", "average": 6, "burst": 9},
                    "steady": {"period": "1m0s", "average": 100, "burst": 200}}}""");
        MappedConfig byIp = frontend("""
                "ratelimit": {"extractorFunc": "client.ip", "rateset": {"r": {"period": "10s", "average": 5,
                    "burst": 1}}}""");
        MappedConfig byHost = frontend("""
                "ratelimit": {"extractorFunc": "request.host", "rateset": {"r": {"period": "10s", "average": 5,
                    "burst": 1}}}""");

        assertThat(byHeader.config().routers().get("web").middlewares())
                .containsExactly("web-ratelimit-burst", "web-ratelimit-steady");
        assertThat(byHeader.config().middlewares().get("web-ratelimit-burst").type()).isEqualTo("rateLimit");
        assertThat(settings(byHeader, "web-ratelimit-steady")).isEqualTo(Vectors.json("""
                {"average": 100, "period": "1m0s", "burst": 200,
                 "sourceCriterion": {"requestHeaderName": "X-Api-Key"}}"""));
        assertThat(settings(byIp, "web-ratelimit-r"))
                .isEqualTo(Vectors.json("{\"average\": 5, \"period\": \"10s\", \"burst\": 1}"));
        assertThat(settings(byHost, "web-ratelimit-r")).isEqualTo(Vectors.json("""
                {"average": 5, "period": "10s", "burst": 1, "sourceCriterion": {"requestHost": true}}"""));
        assertThat(byHeader.problems()).isEmpty();
    }

    @Test
    void aRateSetTraefik17RefusesOrAnUnknownExtractorLeavesTheFrontendOut() {
        MappedConfig zeroBurst = frontend("""
                "ratelimit": {"extractorFunc": "client.ip", "rateset": {"r": {"period": "10s", "average": 5}}}""");
        MappedConfig cookie = frontend("""
                "ratelimit": {"extractorFunc": "request.cookie", "rateset": {"r": {"period": "10s", "average": 5,
                    "burst": 1}}}""");

        assertThat(zeroBurst.config().middlewares()).isEmpty();
        assertThat(zeroBurst.problems()).extracting(Problem::toLine).containsExactly("error frontends/web/ratelimit/"
                + "rateset/r=\"{\"period\":\"10s\",\"average\":5}\": expected period, average and burst above 0, as "
                + "Traefik 1.7 requires");
        assertThat(cookie.config().middlewares()).isEmpty();
        assertThat(lines(cookie)).containsExactly("error frontends/web/ratelimit/extractorfunc=\"request.cookie\": "
                + "expected client.ip, request.host or request.header.<name>, as Traefik 1.7");
    }

    @Test
    void forwardAuthKeepsAddressTrustTlsAndResponseHeaders() {
        MappedConfig mapped = frontend("""
                "auth": {"headerField": "X-User", "forward": {"address": "https://sso.example/auth",
                    "trustForwardHeader": true, "authResponseHeaders": ["X-Auth-User", "X-Secret"],
                    "tls": {"ca": "/ca.pem", "caOptional": true, "cert": "/c.pem", "key": "/k.pem",
                            "insecureSkipVerify": true}}}""");

        assertThat(mapped.config().middlewares().get("web-forwardauth").type()).isEqualTo("forwardAuth");
        assertThat(settings(mapped, "web-forwardauth")).isEqualTo(Vectors.json("""
                {"address": "https://sso.example/auth", "trustForwardHeader": true,
                 "authResponseHeaders": ["X-Auth-User", "X-Secret"],
                 "tls": {"ca": "/ca.pem", "cert": "/c.pem", "key": "/k.pem", "insecureSkipVerify": true},
                 "maxBodySize": -1}"""));
        assertThat(lines(mapped)).containsExactlyInAnyOrder(
                "warning frontends/web/auth/forward/tls/caoptional=\"true\": has no effect on the TLS of a client in "
                        + "Traefik 1.7: ignored",
                "warning frontends/web/auth/headerfield=\"X-User\": not used by Traefik 1.7's forward auth: ignored");
    }

    @Test
    void digestAuthTakesTheAuthHeaderField() {
        MappedConfig mapped = frontend("""
                "auth": {"headerField": "X-WebAuth-User", "digest": {"users": ["test:traefik:a2688e031edb4be6a3797f3882655c05"],
                    "usersFile": "/users", "removeHeader": true}}""");

        assertThat(mapped.config().middlewares().get("web-digestauth").type()).isEqualTo("digestAuth");
        assertThat(settings(mapped, "web-digestauth")).isEqualTo(Vectors.json("""
                {"users": ["test:traefik:a2688e031edb4be6a3797f3882655c05"], "usersFile": "/users",
                 "removeHeader": true, "headerField": "X-WebAuth-User"}"""));
        assertThat(mapped.problems()).isEmpty();
    }

    @Test
    void passTlsClientCertInfosAreTraefikV3InfoAndDeprecatedPassTlsCertIsKvroutesV1PassTlsCert() {
        MappedConfig mapped = frontend("""
                "passTLSClientCert": {"pem": true, "infos": {"notAfter": true, "notBefore": false, "sans": true,
                    "subject": {"commonName": true, "country": false, "domainComponent": false, "locality": false,
                                "organization": true, "province": false, "serialNumber": false}}}""");
        MappedConfig deprecated = frontend("\"passTLSCert\": true, \"entryPoints\": [\"websecure\"]");

        assertThat(mapped.config().middlewares().get("web-passtlsclientcert").type()).isEqualTo("passTLSClientCert");
        assertThat(settings(mapped, "web-passtlsclientcert")).isEqualTo(Vectors.json("""
                {"pem": true, "info": {"notAfter": true, "notBefore": false, "sans": true,
                 "subject": {"commonName": true, "country": false, "domainComponent": false, "locality": false,
                             "organization": true, "province": false, "serialNumber": false}}}"""));
        assertThat(mapped.problems()).isEmpty();
        assertThat(deprecated.config().middlewares().get("web-passtlscert").type())
                .isEqualTo(MiddlewareTypes.V1_PASS_TLS_CERT);
        assertThat(settings(deprecated, "web-passtlscert")).isEqualTo(Vectors.json("""
                {"entryPoints": ["websecure"], "key": "frontends/web/passtlscert"}"""));
        assertThat(deprecated.config().routers().get("web").middlewares()).containsExactly("web-passtlscert");
        assertThat(deprecated.problems()).isEmpty();
    }

    @Test
    void middlewaresComeInTraefik17sOrderOfApplication() {
        MappedConfig mapped = frontend("""
                "ratelimit": {"extractorFunc": "client.ip", "rateset": {"r": {"period": "1s", "average": 5,
                    "burst": 5}}},
                "auth": {"forward": {"address": "http://10.0.0.3/auth"}},
                "passTLSClientCert": {"pem": true}, "passTLSCert": true,
                "headers": {"frameDeny": true, "sslRedirect": true},
                "redirect": {"regex": "^http://a/old$", "replacement": "http://a/new"},
                "whiteList": {"sourceRange": ["10.0.0.0/8"]},
                "errors": {"e": {"status": ["500"], "backend": "pages"}}""");

        assertThat(mapped.config().routers().get("web").middlewares()).containsExactly("web-errors-e",
                "web-ipallowlist", "web-redirectregex", "web-sslredirect", "web-headers", "web-passtlscert",
                "web-passtlsclientcert", "web-forwardauth", "web-ratelimit-r");
        assertThat(mapped.problems()).isEmpty();
    }

    @Test
    void anUnknownFieldOfAFeatureLeavesTheFrontendOut() {
        MappedConfig mapped = frontend("\"whiteList\": {\"sourceRange\": [\"10.0.0.0/8\"], \"depth\": 2}");

        assertThat(lines(mapped)).containsExactly("error frontends/web/whitelist/depth=\"2\": " + V1Reader.LEFT_OUT);
    }

    @Test
    void traefik17KeysDecodeToTheSameMiddlewares() {
        List<KvPair> pairs = List.of(
                KvPair.of("/traefik/backends/app/servers/s/url", "http://10.0.0.1:80"),
                KvPair.of("/traefik/frontends/web/backend", "app"),
                KvPair.of("/traefik/frontends/web/routes/r/rule", "Host:a"),
                KvPair.of("/traefik/frontends/web/whitelist/sourcerange", "10.0.0.0/8,127.0.0.1"),
                KvPair.of("/traefik/frontends/web/ratelimit/extractorfunc", "client.ip"),
                KvPair.of("/traefik/frontends/web/ratelimit/rateset/r1/period", "10"),
                KvPair.of("/traefik/frontends/web/ratelimit/rateset/r1/average", "100"),
                KvPair.of("/traefik/frontends/web/ratelimit/rateset/r1/burst", "50"),
                KvPair.of("/traefik/frontends/web/headers/framedeny", "true"));

        DecodedConfig decoded = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);

        assertThat(decoded.problems()).isEmpty();
        assertThat(decoded.model().routers().get("web").middlewares())
                .containsExactly("web-ipallowlist", "web-headers", "web-ratelimit-r1");
        assertThat(((OpaqueMiddleware) decoded.model().middlewares().get("web-ratelimit-r1")).settings().toJson())
                .isEqualTo(Vectors.json("{\"average\": 100, \"period\": \"10s\", \"burst\": 50}"));
        assertThat(((OpaqueMiddleware) decoded.model().middlewares().get("web-ipallowlist")).settings().toJson())
                .isEqualTo(Vectors.json("{\"sourceRange\": [\"10.0.0.0/8\", \"127.0.0.1\"]}"));
    }
}
