package io.kvroute.agent.discovery;

import static io.kvroute.agent.discovery.Outcomes.SETTINGS;
import static io.kvroute.agent.discovery.Outcomes.declared;
import static io.kvroute.agent.discovery.Outcomes.discover;
import static io.kvroute.agent.discovery.Outcomes.failed;
import static io.kvroute.agent.discovery.Outcomes.onlyServer;
import static io.kvroute.agent.discovery.Outcomes.router;
import static io.kvroute.agent.discovery.Outcomes.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.agent.docker.AddressPolicy;
import io.kvroute.agent.docker.HealthStatus;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.rule.RuleSyntax;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ContainerDiscoveryTest {
    @Test
    void v1LabelsDeclareOneFrontendAndBackendWithAV1Rule() {
        Declaration declaration = declared(discover(TestContainer.published("nginx", 8081)
                .label("traefik.frontend.rule", "Host:nginx.example.com")
                .label("traefik.backend", "backend1")
                .label("traefik.port", "80")
                .label("traefik.weight", "2")
                .label("traefik.frontend.priority", "10")
                .label("traefik.frontend.entryPoints", "http, https")
                .label("traefik.frontend.passHostHeader", "false")));

        assertThat(router(declaration, "backend1").rule()).isEqualTo("Host:nginx.example.com");
        assertThat(router(declaration, "backend1").syntax()).isEqualTo(RuleSyntax.V1);
        assertThat(router(declaration, "backend1").priority()).isEqualTo(10);
        assertThat(router(declaration, "backend1").entryPoints()).containsExactly("http", "https");
        assertThat(service(declaration, "backend1").passHostHeader()).isFalse();
        assertThat(onlyServer(declaration, "backend1"))
                .isEqualTo(new Server("nginx-80", "http://10.0.0.1:8081", OptionalLong.of(2), false));
    }

    @Test
    void aBadV1RuleFailsTheContainer() {
        assertThat(failed(discover(TestContainer.published("v1", 8081).label("traefik.frontend.rule", "Hots:a.com")))
                .errors()).singleElement().asString()
                .startsWith("container v1: label traefik.frontend.rule=\"Hots:a.com\" (expected: a Traefik v1 rule; ");
    }

    /**
     * Traefik v3 disables a router whose v3 rule lists several hosts in one call and serves the container's others:
     * only that router is left out, reported with its label and the reason; with ruleSyntax=v2 it is an OR.
     */
    @Test
    void aV3RuleListingValuesInOneCallLeavesOnlyItsRouterOutUnlessItsSyntaxIsV2() {
        String rule = "Host(`a.test`, `b.test`)";

        Declaration declaration = declared(discover(TestContainer.published("list", 8081)
                .label("traefik.http.routers.list.rule", rule)
                .label("traefik.http.routers.other.rule", "Host(`other.test`)")));

        assertThat(declaration.config().routers()).containsOnlyKeys("other");
        assertThat(declaration.warnings()).singleElement().asString()
                .startsWith("container list: label traefik.http.routers.list.rule=\"" + rule
                        + "\" (expected: a Traefik v3 rule; column 1: Host expects 1 argument, got 2")
                .endsWith("router list left out (it is a Traefik v2 rule: label traefik.http.routers.list.ruleSyntax=v2 "
                        + "reads it so, as --layout=v2 reads every rule)");
        assertThat(router(declared(discover(TestContainer.published("list", 8081)
                .label("traefik.http.routers.list.rule", rule)
                .label("traefik.http.routers.list.ruleSyntax", "v2"))), "list").syntax()).isEqualTo(RuleSyntax.V2);
    }

    /** With --layout=v2 native Traefik v2 label rules are v2 rules, as Traefik v2 reads them. */
    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "Host(`a.test`, `b.test`)",
        "Headers(`X-A`, `1`) && HostHeader(`a.test`)",
        "Host(`a.test`) && Path(`/api/{id:[0-9]+}`) && Query(`k=v`, `l=`, `m=1`)"})
    void theV2LayoutReadsLabelRulesAsTraefikV2Rules(String rule) {
        DiscoverySettings v2 = SETTINGS.withRuleSyntax(RuleSyntax.V2);

        Declaration declaration = declared(discover(TestContainer.published("v2app", 8081)
                .label("traefik.http.routers.app.rule", rule).build(), v2));

        assertThat(router(declaration, "app").rule()).isEqualTo(rule);
        assertThat(router(declaration, "app").syntax()).isEqualTo(RuleSyntax.V2);
        assertThat(declaration.warnings()).isEmpty();
        assertThat(declared(discover(TestContainer.published("v3app", 8081)
                .label("traefik.http.routers.app.rule", rule))).config().routers()).isEmpty();
    }

    /** The default rule is read in the router's syntax: its ruleSyntax label, else the layout's. */
    @Test
    void theDefaultRuleHonoursTheRouterRuleSyntaxLabel() {
        DiscoverySettings listing = SETTINGS.withDefaultRule(new DefaultRule("Host(`{{name}}.a.test`, `{{name}}.b.test`)"));

        Declaration v2Router = declared(discover(TestContainer.published("web", 8081)
                .label("traefik.http.routers.web.ruleSyntax", "v2").build(), listing));
        Declaration v3Router = declared(discover(TestContainer.published("web", 8081)
                .label("traefik.http.routers.web.entryPoints", "web").build(), listing));
        Declaration v2Layout = declared(discover(TestContainer.published("web", 8081)
                .label("traefik.http.routers.web.entryPoints", "web").build(), listing.withRuleSyntax(RuleSyntax.V2)));

        assertThat(router(v2Router, "web").syntax()).isEqualTo(RuleSyntax.V2);
        assertThat(router(v2Router, "web").rule()).isEqualTo("Host(`web.a.test`, `web.b.test`)");
        assertThat(v3Router.config().routers()).isEmpty();
        assertThat(v3Router.warnings()).singleElement().asString().contains("Host expects 1 argument, got 2");
        assertThat(router(v2Layout, "web").syntax()).isEqualTo(RuleSyntax.V2);
    }

    @Test
    void unknownV1LabelsAreIgnoredWithAWarning() {
        Declaration declaration = declared(discover(TestContainer.published("v1", 8081)
                .label("traefik.port", "80").label("traefik.frontend.redirect.entryPoint", "https")));

        assertThat(declaration.warnings()).containsExactly("container v1: label traefik.frontend.redirect.entryPoint "
                + "ignored: a Traefik v1 label kvroute does not apply");
        assertThat(router(declaration, "v1").rule()).isEqualTo("Host(`v1`)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "a.example.com;'';Host(`a.example.com`);a-example-com",
            "a.example.com, b.example.com;'';Host(`a.example.com`) || Host(`b.example.com`);a-example-com-b-example-com",
            "a.example.com,b.example.com;/api;(Host(`a.example.com`) || Host(`b.example.com`)) && PathPrefix(`/api`)"
                    + ";a-example-com-b-example-com-api",
            "*.example.com;'';HostRegexp(`^.+\\.example\\.com$`);example-com",
            "~^shop[0-9]+\\.com$;'';HostRegexp(`^shop[0-9]+\\.com$`);shop-0-9-com"})
    void virtualHostBecomesHostRulesJoinedByOr(String hosts, String path, String rule, String service) {
        TestContainer container = TestContainer.published("shop-1", 8081).env("VIRTUAL_HOST", hosts);
        if (!path.isEmpty()) {
            container.env("VIRTUAL_PATH", path);
        }
        Declaration declaration = declared(discover(container));

        assertThat(router(declaration, service).rule()).isEqualTo(rule);
        assertThat(router(declaration, service).service()).isEqualTo(service);
    }

    @Test
    void virtualPortChoosesTheContainerPort() {
        Declaration declaration = declared(discover(TestContainer.named("app").network("bridge", "172.17.0.5")
                .exposed(80).exposed(8080).env("VIRTUAL_HOST", "app.example.com").env("VIRTUAL_PORT", "8080")));

        assertThat(onlyServer(declaration, "app-example-com"))
                .isEqualTo(new Server("app-8080", "http://172.17.0.5:8080", OptionalLong.of(1), false));
    }

    @Test
    void aBadVirtualPortFailsNamingTheVariable() {
        assertThat(failed(discover(TestContainer.published("app", 8081).env("VIRTUAL_HOST", "a.com")
                .env("VIRTUAL_PORT", "http"))).errors())
                .containsExactly("container app: env VIRTUAL_PORT=\"http\" (expected: a port 1..65535)");
    }

    @Test
    void aContainerWithoutMetadataGetsTheDefaultRuleTemplate() {
        DiscoverySettings settings = SETTINGS.withDefaultRule(new DefaultRule("Host(`{{name}}.apps.example.com`) "
                + "&& Header(`X-Node`, `{{ node }}`)"));

        Declaration declaration = declared(discover(TestContainer.published("blog", 8081).build(), settings));

        assertThat(router(declaration, "blog").rule())
                .isEqualTo("Host(`blog.apps.example.com`) && Header(`X-Node`, `node1`)");
    }

    @Test
    void kvrouteRuleAndNameOverrideTheDefaults() {
        Declaration declaration = declared(discover(TestContainer.published("c1", 8081)
                .label("kvroute.name", "blog").label("kvroute.rule", "PathPrefix(`/blog`)")));

        assertThat(router(declaration, "blog").rule()).isEqualTo("PathPrefix(`/blog`)");
        assertThat(onlyServer(declaration, "blog").id()).isEqualTo("c1-80");
    }

    /**
     * A bad {@code kvroute.rule} leaves out only the router that takes it, with a warning naming the label, as the
     * same text in a router's rule label does: the container's other routers are served.
     */
    @Test
    void aBadKvrouteRuleLeavesOnlyTheRouterThatTakesItOut() {
        Declaration labelled = declared(discover(TestContainer.published("c1", 8081)
                .label("kvroute.rule", "Host(`a.test`, `b.test`)")
                .label("traefik.http.routers.own.rule", "Host(`own.test`)")
                .label("traefik.http.routers.dflt.entrypoints", "web")));
        Declaration plain = declared(discover(TestContainer.published("c2", 8081)
                .label("kvroute.rule", "Host(`a.test`, `b.test`)")));

        assertThat(labelled.config().routers().keySet()).containsExactly("own");
        assertThat(labelled.warnings()).singleElement().asString()
                .startsWith("container c1: label kvroute.rule=\"Host(`a.test`, `b.test`)\" (expected: a Traefik v3 "
                        + "rule")
                .contains("router dflt left out");
        assertThat(plain.config().routers()).isEmpty();
        assertThat(plain.warnings()).singleElement().asString()
                .startsWith("container c2: label kvroute.rule=\"Host(`a.test`, `b.test`)\" (expected: a Traefik v3 "
                        + "rule")
                .endsWith("router c2 left out");
    }

    @Test
    void aBadDefaultRuleTemplateIsRejectedNamingTheFlag() {
        assertThatThrownBy(() -> new DefaultRule("Host(`{{host}}`)"))
                .hasMessage("--default-rule: \"Host(`{{host}}`)\" has placeholder {{host}} (expected: {{name}} or {{node}})");
        assertThatThrownBy(() -> new DefaultRule("Host(`{{name}}`"))
                .hasMessageStartingWith("--default-rule: \"Host(`{{name}}`\": column ");
    }

    @ParameterizedTest
    @CsvSource({
            "true,,true", "true,true,true", "true,false,false",
            "false,,false", "false,true,true", "false,false,false"})
    void exposedByDefaultAndTraefikEnable(boolean exposedByDefault, String enable, boolean published) {
        TestContainer container = TestContainer.published("c", 8081);
        if (enable != null) {
            container.label("traefik.enable", enable);
        }
        DiscoveryOutcome outcome = discover(container.build(), SETTINGS.withExposedByDefault(exposedByDefault));

        assertThat(outcome instanceof DiscoveryOutcome.Declared).isEqualTo(published);
        if (!published) {
            assertThat(((DiscoveryOutcome.Skipped) outcome).reason()).isEqualTo(enable == null
                    ? "container c: not exposed by default (--exposed-by-default=false) and no label traefik.enable=true"
                    : "container c: label traefik.enable=false");
        }
    }

    @ParameterizedTest
    @EnumSource(value = HealthStatus.class, names = {"STARTING", "UNHEALTHY"})
    void containersThatAreNotHealthyYetAreSkipped(HealthStatus health) {
        DiscoveryOutcome outcome = discover(TestContainer.published("c", 8081).health(health));

        assertThat(outcome).isInstanceOf(DiscoveryOutcome.Skipped.class);
        assertThat(((DiscoveryOutcome.Skipped) outcome).reason())
                .isEqualTo("container c: health is " + health.name().toLowerCase(java.util.Locale.ROOT)
                        + " (published only when healthy)");
    }

    @ParameterizedTest
    @EnumSource(value = HealthStatus.class, names = {"NONE", "HEALTHY"})
    void containersWithoutHealthCheckOrHealthyArePublished(HealthStatus health) {
        assertThat(discover(TestContainer.published("c", 8081).health(health)))
                .isInstanceOf(DiscoveryOutcome.Declared.class);
    }

    @Test
    void stoppedContainersAreSkipped() {
        assertThat(discover(TestContainer.published("c", 8081).stopped()))
                .isEqualTo(new DiscoveryOutcome.Skipped(Origin.container("c"), "container c: not running"));
    }

    @Test
    void aHostNetworkContainerUsesTheDeclaredPortOnTheHostIp() {
        DiscoverySettings settings = DiscoverySettings.defaults("node1", AddressPolicy.onHost("192.168.7.3"));

        Declaration declaration = declared(discover(TestContainer.named("httpd").hostNetwork()
                .label("traefik.http.routers.h.rule", "Host(`h`)")
                .label("traefik.http.services.h.loadbalancer.server.port", "18081").build(), settings));

        assertThat(onlyServer(declaration, "h").url()).isEqualTo("http://192.168.7.3:18081");
        assertThat(declaration.addressReasons()).containsExactly("container httpd: host network, host IP 192.168.7.3 "
                + "(--host-ip), container port 18081/tcp (declared)");
    }

    @Test
    void anAddressRefusalFailsTheContainerWithItsReason() {
        DiscoveryOutcome.Failed failed = failed(discover(TestContainer.named("multi").network("a", "10.1.0.2")
                .network("b", "10.2.0.2").exposed(80)));

        assertThat(failed.errors()).containsExactly("container multi: on several networks (a, b) and no "
                + "--docker.network chosen, and publishes no host port for 80/tcp; choose one with --docker.network "
                + "or set the kvroute.address label");
    }

    @Test
    void twoServicesOnTwoPortsGetTwoServersAndTwoReasons() {
        Declaration declaration = declared(discover(TestContainer.named("two").network("bridge", "172.17.0.9")
                .label("traefik.http.routers.a.rule", "Host(`a`)").label("traefik.http.routers.a.service", "a")
                .label("traefik.http.routers.b.rule", "Host(`b`)").label("traefik.http.routers.b.service", "b")
                .label("traefik.http.services.a.loadbalancer.server.port", "80")
                .label("traefik.http.services.b.loadbalancer.server.port", "81")));

        assertThat(onlyServer(declaration, "a").url()).isEqualTo("http://172.17.0.9:80");
        assertThat(onlyServer(declaration, "b").url()).isEqualTo("http://172.17.0.9:81");
        assertThat(declaration.addressReasons()).hasSize(2);
    }
}
