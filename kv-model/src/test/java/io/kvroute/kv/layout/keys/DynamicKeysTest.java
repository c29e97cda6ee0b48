package io.kvroute.kv.layout.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DynamicKeysTest {
    private final DynamicKeys keys = DynamicKeys.under("/traefik/");

    @Test
    void buildsEntityKeysUnderTheNormalisedRoot() {
        assertThat(keys.root()).isEqualTo("traefik");
        assertThat(keys.routerField("web", "rule")).isEqualTo("traefik/http/routers/web/rule");
        assertThat(keys.serviceField("app", DynamicKeys.loadBalancerField("strategy")))
                .isEqualTo("traefik/http/services/app/loadBalancer/strategy");
        assertThat(keys.serverList("app")).isEqualTo("traefik/http/services/app/loadBalancer/servers");
        assertThat(keys.middleware("strip")).isEqualTo("traefik/http/middlewares/strip");
        assertThat(keys.section("tcp")).isEqualTo("traefik/tcp");
    }

    @Test
    void relativeKeysAreThoseTheModelReports() {
        assertThat(DynamicKeys.RELATIVE.routers()).isEqualTo("http/routers");
        assertThat(DynamicKeys.RELATIVE.routerField("web", DynamicKeys.routerMiddleware(2)))
                .isEqualTo("http/routers/web/middlewares/2");
        assertThat(DynamicKeys.RELATIVE.serviceField("app", DynamicKeys.serverField("n1--a", "url")))
                .isEqualTo("http/services/app/loadBalancer/servers/n1--a/url");
        assertThat(DynamicKeys.weightedTargetField(1, "weight")).isEqualTo("weighted/services/1/weight");
    }

    @Test
    void readsAServersSegmentsIgnoringCase() {
        assertThat(keys.serverOf("traefik/HTTP/Services/App/LoadBalancer/Servers/n1--a/url"))
                .contains(new DynamicKeys.ServerOfKey("App", "n1--a"));
        assertThat(keys.serverOf("traefik/http/services/app/loadBalancer/passHostHeader")).isEmpty();
        assertThat(keys.serverOf("other/http/services/app/loadBalancer/servers/s/url")).isEmpty();
        assertThat(keys.serverOf("traefikx/http/services/app/loadBalancer/servers/s/url")).isEmpty();
        assertThat(keys.serverOf("traefik/http/services/app/loadBalancer/servers/s")).isEmpty();
    }

    @Test
    void skipsEmptySegmentsOfAServersKeyAsTraefikDoes() {
        assertThat(keys.serverOf("traefik//http/services//app/loadBalancer/servers/s//url/"))
                .contains(new DynamicKeys.ServerOfKey("app", "s"));
        assertThat(DynamicKeys.RELATIVE.serverOf("http/services/app/loadBalancer/servers/s/url"))
                .contains(new DynamicKeys.ServerOfKey("app", "s"));
    }

    @Test
    void routerReferencesAreItsServiceAndMiddlewares() {
        assertThat(DynamicKeys.isRouterReference("http/routers/web/service")).isTrue();
        assertThat(DynamicKeys.isRouterReference("http/routers/web/middlewares/0")).isTrue();
        assertThat(DynamicKeys.isRouterReference("http/routers/web/rule")).isFalse();
        assertThat(DynamicKeys.isRouterReference("http/routers/web/middlewares/a")).isFalse();
    }
}
