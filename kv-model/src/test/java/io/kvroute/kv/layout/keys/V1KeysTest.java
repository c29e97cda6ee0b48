package io.kvroute.kv.layout.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class V1KeysTest {
    private final V1Keys keys = V1Keys.under("/traefik/");

    @Test
    void buildsKeysUnderTheRootKeepingItsLeadingSlash() {
        assertThat(keys.serverList("app")).isEqualTo("/traefik/backends/app/servers");
        assertThat(keys.backendField("app", V1Keys.LOAD_BALANCER_METHOD))
                .isEqualTo("/traefik/backends/app/loadbalancer/method");
        assertThat(keys.routeRule("web", "web")).isEqualTo("/traefik/frontends/web/routes/web/rule");
        assertThat(keys.alias()).isEqualTo("/traefik/alias");
        assertThat(V1Keys.RELATIVE.frontendField("web", V1Keys.FRONTEND_BACKEND)).isEqualTo("frontends/web/backend");
    }

    @Test
    void holdsBackendsFrontendsAndTheAlias() {
        assertThat(keys.holds("/traefik/backends/app/servers/s/url")).isTrue();
        assertThat(keys.holds("/traefik/frontends/web/backend")).isTrue();
        assertThat(keys.holds("/traefik/alias")).isTrue();
        assertThat(keys.holds("traefik/backends/app/servers/s/url")).isFalse();
        assertThat(keys.holds("/traefik/http/routers/web/rule")).isFalse();
    }

    @Test
    void providerDefaultsAreTheValuesTraefikAssumes() {
        assertThat(keys.isProviderDefault("/traefik/frontends/web/priority", "0")).isTrue();
        assertThat(keys.isProviderDefault("/traefik/frontends/web/priority", "5")).isFalse();
        assertThat(keys.isProviderDefault("/traefik/frontends/web/passhostheader", "true")).isTrue();
        assertThat(keys.isProviderDefault("/traefik/backends/app/loadbalancer/method", "wrr")).isTrue();
        assertThat(keys.isProviderDefault("/traefik/backends/app/loadbalancer/method", "drr")).isFalse();
    }

    @Test
    void dynamicFieldsInV1Spelling() {
        assertThat(V1Keys.frontendFieldOf("rule")).isEqualTo("routes");
        assertThat(V1Keys.frontendFieldOf("service")).isEqualTo("backend");
        assertThat(V1Keys.frontendFieldOf("entryPoints")).isEqualTo("entrypoints");
        assertThat(V1Keys.backendPathOf("loadBalancer/strategy")).isEqualTo("loadbalancer/method");
        assertThat(V1Keys.backendPathOf("loadBalancer/servers/N1/url")).isEqualTo("servers/n1/url");
        assertThat(V1Keys.backendPathOf("loadBalancer/healthCheck/path")).isEqualTo("healthcheck/path");
    }
}
