package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.store.KvPair;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One case per kind of configured secret: the key that holds it, the secret, and a message quoting it, which must
 * come out of {@link Redaction} without it.
 */
class RedactionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "traefik/http/services/s/loadBalancer/servers/0/url | http://bob:UrlPass-1@10.0.0.1:80 | UrlPass-1",
        "traefik/http/services/s/loadBalancer/servers/0/url | http://UrlToken-2@10.0.0.1:80 | UrlToken-2",
        "traefik/http/middlewares/m/basicAuth/users/0 | carol:$apr1$salt$BasicHash3 | $apr1$salt$BasicHash3",
        "traefik/http/middlewares/m/digestAuth/users/0 | dave:realm:DigestHash4 | realm:DigestHash4",
        "traefik/http/middlewares/m/forwardAuth/address | https://fa:FwdPass-5@auth/check | FwdPass-5",
        "traefik/http/middlewares/m/forwardAuth/tls/key | /keys/FwdKeyFile-6.pem | /keys/FwdKeyFile-6.pem",
        "traefik/http/middlewares/m/headers/customRequestHeaders/Authorization | Bearer Hdr-7 | Bearer Hdr-7",
        "traefik/http/middlewares/m/headers/customRequestHeaders/X-Api-Key | ApiKey-8 | ApiKey-8",
        "traefik/http/middlewares/m/headers/customRequestHeaders/Cookie | sid=Cookie-9 | sid=Cookie-9",
        "traefik/http/middlewares/m/headers/customResponseHeaders/X-Auth-Token | Token-10 | Token-10",
        "traefik/http/middlewares/m/plugin/p/clientSecret | PluginSecret-11 | PluginSecret-11",
        "traefik/http/middlewares/m/plugin/p/password | PluginPass-12 | PluginPass-12",
        "traefik/tls/certificates/0/keyFile | /tls/TlsKey-13.key | /tls/TlsKey-13.key",
        "traefik/http/serversTransports/t/certificates/0/keyFile | /st/StKey-14.key | /st/StKey-14.key",
        "/traefik/frontends/f/auth/basic/users/0 | erin:V1Hash-15 | V1Hash-15",
        "/traefik/backends/b/servers/s/url | http://v1:V1Pass-16@10.0.0.2:80 | V1Pass-16",
        "traefik/http/routers/r/rule | Host(`a`) && Header(`Authorization`, `Bearer Rule-17`) | Bearer Rule-17",
        "/traefik/frontends/f/routes/r2/rule | Headers:X-Api-Key,V1Rule-18 | V1Rule-18",
    })
    void aConfiguredSecretIsHiddenWhereverItIsQuoted(String key, String value, String secret) {
        Redaction redaction = Redaction.of(decode(key, value));
        JsonNode answer = JSON.createObjectNode().put("field", value)
                .put("message", "cannot use \"" + secret + "\" here")
                .set("byName", JSON.createObjectNode().put(value, "UP"));
        String shown = redaction.apply(answer).toString();
        assertThat(shown).doesNotContain(secret).contains("xxxx");
        assertThat(redaction.apply("prefix " + secret + " suffix")).isEqualTo("prefix xxxx suffix");
        assertThat(redaction.applyToExposition("m{v=\"" + value.replace("\"", "\\\"") + "\"} 1\n"))
                .doesNotContain(secret);
    }

    @Test
    void aWrongValueOnASecretLookingKeyIsHiddenToo() {
        Redaction redaction = Redaction.of(decode("traefik/http/middlewares/m/basicAuth/user", "frank:TypoHash-1"));
        assertThat(redaction.apply("field user: \"frank:TypoHash-1\" unknown"))
                .isEqualTo("field user: \"xxxx\" unknown");
    }

    @Test
    void whatIsNotSecretStaysVisible() {
        DecodedConfig config = decode("traefik/http/middlewares/m/headers/customRequestHeaders/X-Team", "blue-team");
        JsonNode answer = JSON.createObjectNode().put("X-Team", "blue-team").put("url", "http://10.0.0.1:80");
        assertThat(Redaction.of(config).apply(answer)).isEqualTo(answer);
    }

    @Test
    void shortSecretsAreHiddenOnlyWhole() {
        Redaction redaction = Redaction.of(decode("traefik/http/middlewares/m/headers/customRequestHeaders/X-Token",
                "abc"));
        assertThat(redaction.apply("abc")).isEqualTo("xxxx");
        assertThat(redaction.apply("abcdef")).isEqualTo("abcdef");
        assertThat(redaction.applyToExposition("m{t=\"abc\",u=\"abcdef\"} 1"))
                .isEqualTo("m{t=\"xxxx\",u=\"abcdef\"} 1");
    }

    @Test
    void privateKeysAndUrlCredentialsAreHiddenByShapeWithoutConfiguration() {
        Redaction redaction = Redaction.nothingConfigured();
        assertThat(redaction.apply("a -----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY----- b"))
                .isEqualTo("a xxxx b");
        assertThat(redaction.apply("dial http://u:p@h:1 failed")).isEqualTo("dial http://xxxx@h:1 failed");
    }

    @Test
    void theCurrentRedactionAlsoHidesThePreviousConfigurationsSecrets() {
        AtomicReference<Optional<DecodedConfig>> config = new AtomicReference<>(Optional.empty());
        CurrentRedaction current = new CurrentRedaction(config::get);
        assertThat(current.get().apply("OldSecret-1")).isEqualTo("OldSecret-1");
        String key = "traefik/http/middlewares/m/headers/customRequestHeaders/X-Token";
        config.set(Optional.of(decode(key, "OldSecret-1")));
        assertThat(current.get().apply("OldSecret-1")).isEqualTo("xxxx");
        assertThat(current.get()).isSameAs(current.get());
        config.set(Optional.of(decode(key, "NewSecret-2")));
        assertThat(current.get().apply("OldSecret-1 NewSecret-2")).isEqualTo("xxxx xxxx");
        config.set(Optional.of(decode(key, "NewerSecret-3")));
        assertThat(current.get().apply("OldSecret-1 NewSecret-2 NewerSecret-3")).isEqualTo("OldSecret-1 xxxx xxxx");
    }

    /** {@code key=value}, plus v1 frontend {@code f} on backend {@code b} for a v1 key (else both are dropped). */
    private static DecodedConfig decode(String key, String value) {
        List<KvPair> pairs = key.startsWith("/traefik/") ? List.of(KvPair.of(key, value),
                KvPair.of("/traefik/frontends/f/backend", "b"),
                KvPair.of("/traefik/frontends/f/routes/r/rule", "Host:f.test"),
                KvPair.of("/traefik/backends/b/servers/base/url", "http://10.0.0.3:80"))
                : List.of(KvPair.of(key, value));
        return ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
    }
}
