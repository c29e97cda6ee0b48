package io.kvroute.agent.discovery;

import static io.kvroute.agent.discovery.Outcomes.declared;
import static io.kvroute.agent.discovery.Outcomes.discover;
import static io.kvroute.agent.discovery.Outcomes.failed;
import static io.kvroute.agent.discovery.Outcomes.onlyServer;
import static io.kvroute.agent.discovery.Outcomes.router;
import static io.kvroute.agent.discovery.Outcomes.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.HealthCheck;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.StickyCookie;
import io.kvroute.kv.model.StripPrefix;
import io.kvroute.kv.rule.RuleSyntax;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TraefikLabelsTest {
    @Test
    void routerServiceAndServerLabelsDeclareOneServer() {
        Declaration declaration = declared(discover(TestContainer.published("shop-1", 8081)
                .publish(8080, "0.0.0.0", 9090).exposed(8080)
                .label("traefik.http.routers.shop.rule", "Host(`shop.example.com`)")
                .label("traefik.http.routers.shop.entrypoints", "web,websecure")
                .label("traefik.http.routers.shop.priority", "7")
                .label("traefik.http.services.shop.loadbalancer.server.port", "8080")
                .label("traefik.http.services.shop.loadbalancer.server.scheme", "https")
                .label("traefik.http.services.shop.loadbalancer.server.weight", "3")
                .label("traefik.http.services.shop.loadbalancer.passhostheader", "false")));

        assertThat(router(declaration, "shop").rule()).isEqualTo("Host(`shop.example.com`)");
        assertThat(router(declaration, "shop").service()).isEqualTo("shop");
        assertThat(router(declaration, "shop").entryPoints()).containsExactly("web", "websecure");
        assertThat(router(declaration, "shop").priority()).isEqualTo(7);
        assertThat(service(declaration, "shop").passHostHeader()).isFalse();
        assertThat(onlyServer(declaration, "shop"))
                .isEqualTo(new Server("shop-1-8080", "https://10.0.0.1:9090", OptionalLong.of(3), false));
        assertThat(declaration.addressReasons()).containsExactly("container shop-1: container port 8080/tcp (declared) "
                + "published on 0.0.0.0:9090 (every address), so on host IP 10.0.0.1 (--host-ip)");
        assertThat(declaration.warnings()).isEmpty();
    }

    /** Traefik reads priorities and weights as Go {@code int}s, 64-bit: 2^40 is a plain value, not an error. */
    @Test
    void prioritiesAndWeightsBeyond32BitsAreWrittenAsGiven() {
        Declaration declaration = declared(discover(TestContainer.published("big", 8080)
                .label("traefik.http.routers.big.rule", "Host(`big.example.com`)")
                .label("traefik.http.routers.big.priority", "1099511627776")
                .label("traefik.http.services.big.loadbalancer.server.port", "8080")
                .label("traefik.http.services.big.loadbalancer.server.weight", "9223372036854775807")));

        assertThat(router(declaration, "big").priority()).isEqualTo(1L << 40);
        assertThat(onlyServer(declaration, "big").weight()).isEqualTo(OptionalLong.of(Long.MAX_VALUE));
        assertThat(declaration.warnings()).isEmpty();
    }

    @Test
    void healthCheckStickyAndMiddlewaresKeepOnlyWhatTheLabelsSay() {
        Declaration declaration = declared(discover(TestContainer.published("api", 8081)
                .label("traefik.http.routers.api.rule", "PathPrefix(`/api`)")
                .label("traefik.http.routers.api.middlewares", "strip")
                .label("traefik.http.middlewares.strip.stripprefix.prefixes", "/api")
                .label("traefik.http.services.api.loadbalancer.healthcheck.path", "/health")
                .label("traefik.http.services.api.loadbalancer.healthcheck.interval", "5s")
                .label("traefik.http.services.api.loadbalancer.sticky.cookie.name", "srv")));

        assertThat(service(declaration, "api").healthCheck()).contains(HealthCheck.ofPath("/health")
                .withInterval(Duration.ofSeconds(5)));
        assertThat(service(declaration, "api").sticky()).contains(StickyCookie.named("srv"));
        assertThat(declaration.config().middleware("strip")).contains(new StripPrefix("strip", List.of("/api"),
                Optional.empty()));
        assertThat(router(declaration, "api").middlewares()).containsExactly("strip");
    }

    @Test
    void withoutRouterLabelsTheOnlyServiceGetsARouterWithTheDefaultRule() {
        Declaration declaration = declared(discover(TestContainer.published("whoami", 8081)
                .label("traefik.http.services.who.loadbalancer.server.port", "80")));

        assertThat(router(declaration, "who").rule()).isEqualTo("Host(`who`)");
        assertThat(router(declaration, "who").service()).isEqualTo("who");
    }

    @Test
    void withoutServiceLabelsTheServiceIsNamedAfterTheContainer() {
        Declaration declaration = declared(discover(TestContainer.published("my_app.1", 8081)
                .label("traefik.http.routers.app.rule", "Host(`app.example.com`)")));

        assertThat(router(declaration, "app").service()).isEqualTo("my-app-1");
        assertThat(onlyServer(declaration, "my-app-1").url()).isEqualTo("http://10.0.0.1:8081");
    }

    @Test
    void composeServicesShareOneServiceName() {
        Declaration declaration = declared(discover(TestContainer.published("shop-web-2", 8081)
                .label("com.docker.compose.service", "web").label("com.docker.compose.project", "shop")
                .label("traefik.enable", "true")));

        assertThat(declaration.config().services().keySet()).containsExactly("web-shop");
        assertThat(router(declaration, "web-shop").rule()).isEqualTo("Host(`web-shop`)");
        assertThat(onlyServer(declaration, "web-shop").id()).isEqualTo("shop-web-2-80");
    }

    @Test
    void aRouterReferringToAnotherContainersMiddlewareIsOnlyAWarning() {
        Declaration declaration = declared(discover(TestContainer.published("web", 8081)
                .label("traefik.http.routers.web.rule", "Host(`a`)")
                .label("traefik.http.routers.web.middlewares", "auth@file")));

        assertThat(router(declaration, "web").middlewares()).containsExactly("auth@file");
        assertThat(declaration.warnings()).containsExactly("container web: label traefik.http.routers.web.middlewares.0="
                + "\"auth@file\": middleware of provider file is not resolved by kvroute");
    }

    @Test
    void kvrouteLabelsFillInPortWeightAndName() {
        Declaration declaration = declared(discover(TestContainer.named("app").hostNetwork()
                .label("traefik.http.routers.app.rule", "Host(`app`)")
                .label("kvroute.name", "backend")
                .label("kvroute.port", "9000")
                .label("kvroute.weight", "5")));

        assertThat(router(declaration, "app").service()).isEqualTo("backend");
        assertThat(onlyServer(declaration, "backend"))
                .isEqualTo(new Server("app-9000", "http://10.0.0.1:9000", OptionalLong.of(5), false));
    }

    @Test
    void aV1KvrouteRuleIsKeptInV1Syntax() {
        Declaration declaration = declared(discover(TestContainer.published("app", 8081)
                .label("kvroute.rule", "Host:app.example.com")));

        assertThat(router(declaration, "app").rule()).isEqualTo("Host:app.example.com");
        assertThat(router(declaration, "app").syntax()).isEqualTo(RuleSyntax.V1);
    }

    static Stream<Arguments> badLabels() {
        return Stream.of(
                Arguments.of("traefik.http.services.web.loadbalancer.server.port", "70000",
                        "container bad: label traefik.http.services.web.loadbalancer.server.port=\"70000\" "
                                + "(expected: a port 1..65535)"),
                Arguments.of("traefik.http.services.web.loadbalancer.server.weight", "-1",
                        "container bad: label traefik.http.services.web.loadbalancer.server.weight=\"-1\" "
                                + "(expected: a weight >= 0)"),
                Arguments.of("traefik.http.services.web.loadbalancer.server.weight", "9223372036854775808",
                        "container bad: label traefik.http.services.web.loadbalancer.server.weight="
                                + "\"9223372036854775808\" (expected: a weight >= 0)"),
                Arguments.of("traefik.http.routers.web.priority", "-9223372036854775809",
                        "container bad: label traefik.http.routers.web.priority=\"-9223372036854775809\": "),
                Arguments.of("traefik.http.services.web.loadbalancer.server.host", "x",
                        "container bad: label traefik.http.services.web.loadbalancer.server.host=\"x\" "
                                + "(expected: a server field kvroute knows: port, scheme or weight)"),
                Arguments.of("traefik.http.routers.web.rul", "Host(`a`)",
                        "container bad: label traefik.http.routers.web.rul=\"Host(`a`)\": unknown field \"rul\""),
                Arguments.of("traefik.http.routers.web.priority", "high",
                        "container bad: label traefik.http.routers.web.priority=\"high\": "),
                Arguments.of("traefik.http.routers.web.tls.[0].main", "example.com",
                        "container bad: label traefik.http.routers.web.tls.[0].main=\"example.com\" (expected: a field "
                                + "name before the list index, as in domains[0] (a bracket starts a list index))"),
                Arguments.of("traefik.enable", "yes",
                        "container bad: label traefik.enable=\"yes\" (expected: true or false)"),
                Arguments.of("kvroute.prot", "80",
                        "container bad: label kvroute.prot=\"80\" (expected: a known kvroute label"));
    }

    @ParameterizedTest
    @MethodSource("badLabels")
    void aBadLabelFailsOnlyItsContainerNamingLabelAndExpectation(String label, String value, String message) {
        DiscoveryOutcome.Failed failed = failed(discover(TestContainer.published("bad", 8081)
                .label("traefik.http.services.web.loadbalancer.server.port", "80")
                .label(label, value)));

        assertThat(failed.errors()).singleElement().asString().startsWith(message);
        assertThat(declared(discover(TestContainer.published("good", 8082)
                .label("traefik.http.services.web.loadbalancer.server.port", "80"))).config().services())
                .containsOnlyKeys("web");
    }

    @Test
    void aRouterNamingRuleSyntaxV2IsCheckedInV2() {
        String template = "HostRegexp(`{sub:[a-z]+}.example.com`)";
        Declaration declaration = declared(discover(TestContainer.published("v2", 8081)
                .label("traefik.http.routers.t.rule", template)
                .label("traefik.http.routers.t.ruleSyntax", "v2")));
        assertThat(router(declaration, "t").syntax()).isEqualTo(RuleSyntax.V2);
        assertThat(router(declaration, "t").rule()).isEqualTo(template);

        Declaration v3 = declared(discover(TestContainer.published("v3", 8082)
                .label("traefik.http.routers.t.rule", template)));
        assertThat(v3.config().routers()).isEmpty();
        assertThat(v3.warnings()).singleElement().asString()
                .startsWith("container v3: label traefik.http.routers.t.rule=").contains("a Traefik v3 rule;")
                .endsWith("router t left out (it is a Traefik v2 rule: label traefik.http.routers.t.ruleSyntax=v2 "
                        + "reads it so, as --layout=v2 reads every rule)");
        Declaration badV2 = declared(discover(TestContainer.published("badv2", 8083)
                .label("traefik.http.routers.t.rule", "Path(`/a/{id:[0-9}`)")
                .label("traefik.http.routers.t.ruleSyntax", "v2")));
        assertThat(badV2.config().routers()).isEmpty();
        assertThat(badV2.warnings()).singleElement().asString().contains("a Traefik v2 rule;");
    }

    @Test
    void aRouterWithoutServiceAmongSeveralServicesFails() {
        DiscoveryOutcome.Failed failed = failed(discover(TestContainer.published("two", 8081).exposed(81)
                .label("traefik.http.routers.r.rule", "Host(`a`)")
                .label("traefik.http.services.a.loadbalancer.server.port", "80")
                .label("traefik.http.services.b.loadbalancer.server.port", "81")));

        assertThat(failed.errors()).containsExactly("container two: router r names no service and the container "
                + "declares 2 (a, b) (expected: label traefik.http.routers.r.service)");
    }

    @Test
    void virtualHostNextToTraefikLabelsIsIgnoredWithAWarningAndTcpLabelsAreRead() {
        Declaration declaration = declared(discover(TestContainer.published("mixed", 8081)
                .label("traefik.http.routers.m.rule", "Host(`m`)")
                .label("traefik.tcp.routers.t.rule", "HostSNI(`*`)")
                .env("VIRTUAL_HOST", "other.example.com")));

        assertThat(declaration.warnings()).containsExactly(
                "container mixed: env VIRTUAL_HOST ignored: the container has Traefik v2/v3 labels");
        assertThat(declaration.transport().labels()).containsExactly("traefik.tcp.routers.t.rule");
    }
}
