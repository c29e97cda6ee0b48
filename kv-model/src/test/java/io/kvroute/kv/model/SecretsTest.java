package io.kvroute.kv.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each rule of {@link Secrets}, one entry per case. */
class SecretsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://user:pass@10.0.0.1:80 | http://xxxx@10.0.0.1:80",
        "http://user:pass@10.0.0.1:80/path?q=a@b | http://xxxx@10.0.0.1:80/path?q=a@b",
        "https://token@host | https://xxxx@host",
        "http://u:p@ss@host:8080/ | http://xxxx@host:8080/",
        "server http://a:b@h1 and http://c:d@h2 down | server http://xxxx@h1 and http://xxxx@h2 down",
        "http://10.0.0.1:80 | http://10.0.0.1:80",
        "http://host:80 contact bob@example.com | http://host:80 contact bob@example.com",
        "ws+unix://user:pw@sock | ws+unix://xxxx@sock",
    })
    void urlCredentialsAreHiddenInAnyText(String text, String shown) {
        assertThat(Secrets.hideUrlCredentials(text)).isEqualTo(shown);
    }

    @Test
    void urlCredentialsAreFound() {
        assertThat(Secrets.urlCredentials("http://a:b@h1 then https://tok@h2 and http://@h3 and http://h4"))
                .containsExactly("a:b", "tok");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "Host(`a`) && Header(`Authorization`, `Bearer RuleTok`) => Bearer RuleTok",
        "Headers(`X-Api-Key`, `k1`) || HeadersRegexp(`Cookie`, `sid=.*`) => k1,sid=.*",
        "HeaderRegexp(`X-Token`,`^t[0-9]+$`) && Header(`X-Team`, `blue`) => ^t[0-9]+$",
        "Host:a.test;Headers:Authorization,Basic abc => Basic abc",
        "Host(`a`) && Header(`X-Team`, `blue`) => ''",
    })
    void secretHeaderValuesInRules(String rule, String secrets) {
        assertThat(Secrets.ruleSecrets(rule)).containsExactlyElementsOf(
                secrets.isEmpty() ? List.of() : List.of(secrets.split(",")));
    }

    @Test
    void secretHeaderValuesInRulesWithDoubleQuotes() {
        assertThat(Secrets.ruleSecrets("Header(\"X-Auth\", \"q1\")")).containsExactly("q1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key",
        "X_API_KEY", "X-Auth-Token", "password", "dbPassword", "secret", "clientSecret", "key", "keyFile",
        "basicAuth", "X-Session-Id", "credentials", "X-Signature"})
    void secretNames(String name) {
        assertThat(Secrets.isSecretName(name)).as(name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"address", "realm", "usersFile", "headerField", "removeHeader", "X-Forwarded-Proto",
        "authResponseHeaders", "authRequestHeaders", "authResponseHeadersRegex", "clientAuthType", "clientAuth", "url", "rule",
        "name", "passHostHeader", "certFile"})
    void notSecretNames(String name) {
        assertThat(Secrets.isSecretName(name)).as(name).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "traefik/http/middlewares/m/basicAuth/users/0, true",
        "traefik/http/middlewares/m/basicAuth/removeHeader, true",
        "traefik/http/middlewares/m/headers/customRequestHeaders/X-Token, true",
        "traefik/tls/certificates/0/keyFile, true",
        "/traefik/frontends/f/auth/basic/users/0, true",
        "traefik/http/routers/web/priority, false",
        "traefik/http/services/app/loadBalancer/servers/0/url, false",
        "traefik/tls/options/mtls/clientAuth/clientAuthType, false",
        "traefik/tls/options/mtls/clientAuth/caFiles/0, false",
        "traefik/tcp/serversTransports/t/tls/certificates/0/keyFile, true",
    })
    void secretKeys(String key, boolean secret) {
        assertThat(Secrets.isSecretKey(key)).as(key).isEqualTo(secret);
    }

    @Test
    void aProblemOnASecretKeyHidesItsValueAlsoInTheReason() {
        Problem problem = Problem.error("traefik/http/middlewares/m/basicAuth/user", "carol:$apr1$x$y",
                "unknown field; \"carol:$apr1$x$y\" is not used", EntityRef.middleware("m"));
        Problem shown = Secrets.redact(problem);
        assertThat(shown.value()).isEqualTo("xxxx");
        assertThat(shown.reason()).isEqualTo("unknown field; \"xxxx\" is not used");
        assertThat(shown.toLine()).doesNotContain("carol");
        assertThat(shown.entity()).isEqualTo(Optional.of(EntityRef.middleware("m")));
    }

    @Test
    void aProblemWhoseValueIsASectionShowsItRedactedInside() {
        String section = "{\"certificates\":{\"0\":{\"certFile\":\"/c.crt\",\"keyFile\":\"/k/Private.key\"}}}";
        Problem shown = Secrets.redact(Problem.warning("traefik/tls", section, "only http configuration is applied",
                null));
        assertThat(shown.value())
                .isEqualTo("{\"certificates\":{\"0\":{\"certFile\":\"/c.crt\",\"keyFile\":\"xxxx\"}}}");
        assertThat(Secrets.redact(Problem.warning("traefik/tcp", "{\"cut", "unreadable", null)).value())
                .isEqualTo("xxxx");
    }

    @Test
    void jsonIsRedactedByFieldNameAndUrlShape() throws Exception {
        JsonNode json = new ObjectMapper().readTree("{\"basicAuth\":{\"users\":[\"a:h1\",\"b:h2\"]},"
                + "\"headers\":{\"X-Token\":\"t\",\"X-Team\":\"blue\"},\"url\":\"http://u:p@h\",\"n\":3}");
        assertThat(Secrets.redact(json).toString()).isEqualTo("{\"basicAuth\":{\"users\":[\"xxxx\",\"xxxx\"]},"
                + "\"headers\":{\"X-Token\":\"xxxx\",\"X-Team\":\"blue\"},\"url\":\"http://xxxx@h\",\"n\":3}");
    }

    @Test
    void aProblemOnARuleHidesTheSecretHeaderValuesItMatches() {
        String rule = "Host(`a`) && Header(`Authorization`, `Bearer RuleTok`) && Bad(`x`)";
        Problem shown = Secrets.redact(Problem.error("traefik/http/routers/r/rule", rule,
                "unknown matcher Bad in " + rule, EntityRef.router("r")));
        assertThat(shown.value()).isEqualTo("Host(`a`) && Header(`Authorization`, `xxxx`) && Bad(`x`)");
        assertThat(shown.reason()).doesNotContain("RuleTok");
    }

    @Test
    void aProblemOnAServerUrlHidesOnlyItsCredentials() {
        Problem problem = Problem.error("traefik/http/services/app/loadBalancer/servers/0/url", "http://u:pw@h:99999",
                "invalid port in http://u:pw@h:99999", EntityRef.service("app"));
        Problem shown = Secrets.redact(problem);
        assertThat(shown.value()).isEqualTo("http://xxxx@h:99999");
        assertThat(shown.reason()).isEqualTo("invalid port in http://xxxx@h:99999");
    }
}
