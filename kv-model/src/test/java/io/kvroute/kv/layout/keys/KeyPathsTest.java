package io.kvroute.kv.layout.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyPathsTest {
    @Test
    void aServiceOrBackendKeyBelongsToThatService() {
        assertThat(KeyPaths.entityOf("traefik/http/services/app/loadBalancer/passHostHeader"))
                .contains(new KeyPaths.EntityOfKey("app", Optional.empty()));
        assertThat(KeyPaths.entityOf("/traefik/backends/app/loadbalancer/method"))
                .contains(new KeyPaths.EntityOfKey("app", Optional.empty()));
    }

    @Test
    void aRouterOrFrontendKeyNamesTheKeyOfItsService() {
        assertThat(KeyPaths.entityOf("traefik/http/routers/web/rule"))
                .contains(new KeyPaths.EntityOfKey("web", Optional.of("traefik/http/routers/web/service")));
        assertThat(KeyPaths.entityOf("/traefik/frontends/web/routes/web/rule"))
                .contains(new KeyPaths.EntityOfKey("web", Optional.of("/traefik/frontends/web/backend")));
    }

    @Test
    void anEntityPrefixEndsAfterTheEntityNameInBothLayouts() {
        assertThat(KeyPaths.entityPrefixOf("traefik/http/services/app/loadBalancer/servers/n1--a/url"))
                .contains("traefik/http/services/app/");
        assertThat(KeyPaths.entityPrefixOf("/traefik/frontends/web/routes/web/rule")).contains("/traefik/frontends/web/");
        assertThat(KeyPaths.entityPrefixOf("traefik/http/middlewares/strip/stripPrefix/prefixes/0")).isEmpty();
    }

    @Test
    void otherKeysBelongToNoEntity() {
        assertThat(KeyPaths.entityOf("traefik/http/middlewares/strip/stripPrefix/prefixes/0")).isEmpty();
        assertThat(KeyPaths.entityOf("traefik/http/services/app")).isEmpty();
    }

    @Test
    void serverSegmentsAreFoundInBothLayouts() {
        assertThat(KeyPaths.serverSegments("traefik/http/services/app/loadBalancer/servers/n1--a/url"))
                .containsExactly(new KeyPaths.ServerSegment(
                        "traefik/http/services/app/loadBalancer/servers/n1--a/", "n1--a"));
        assertThat(KeyPaths.serverSegments("traefik/http/services/servers/loadBalancer/servers/n1--a/url"))
                .extracting(KeyPaths.ServerSegment::segment).containsExactly("loadBalancer", "n1--a");
        assertThat(KeyPaths.item("servers", "3")).isEqualTo("servers/3");
    }
}
