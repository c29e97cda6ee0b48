package io.kvroute.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SharedKeysTest {
    private static final Map<String, String> STORED = Map.of(
            "traefik/http/routers/web/service", "app",
            "traefik/http/routers/services/service", "named-services",
            "/traefik/frontends/web/backend", "legacy");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "traefik/http/services/app/loadBalancer/healthCheck/path, app",
            "traefik/http/services/app/loadBalancer/servers/node1--web/url, app",
            "traefik/http/routers/web/rule, app",
            "traefik/http/routers/web/service, app",
            "traefik/http/routers/services/rule, named-services",
            "traefik/http/services/routers/loadBalancer/passHostHeader, routers",
            "/traefik/backends/legacy/loadbalancer/method, legacy",
            "/traefik/frontends/web/routes/host/rule, legacy",
            "traefik/http/routers/unknown/rule, -",
            "traefik/http/middlewares/auth/basicAuth/users/0, -",
            "traefik/http/services/app, -",
    })
    void aSharedKeyServesTheServiceItsEntityNamesOrSendsTo(String key, String service) {
        assertThat(SharedKeys.serviceOf(key, STORED).orElse("-")).isEqualTo(service);
    }
}
