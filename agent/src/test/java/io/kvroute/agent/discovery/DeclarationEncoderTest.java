package io.kvroute.agent.discovery;

import static io.kvroute.agent.discovery.Outcomes.declared;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.agent.docker.AddressPolicy;
import io.kvroute.agent.registration.ServerRegistration;
import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeclarationEncoderTest {
    /** A Traefik v3-labelled container on {@code node} with host IP {@code hostIp}. */
    private static Declaration shop(String node, String hostIp, String container) {
        DiscoverySettings settings = DiscoverySettings.defaults(node, AddressPolicy.onHost(hostIp));
        return declared(ContainerDiscovery.discover(TestContainer.published(container, 8081)
                .label("traefik.http.routers.shop.rule", "Host(`shop.example.com`)")
                .label("traefik.http.routers.shop.entrypoints", "web")
                .label("traefik.http.services.shop.loadbalancer.healthcheck.path", "/health")
                .label("traefik.http.services.shop.loadbalancer.server.weight", "2").build(), settings));
    }

    /** The seed's nginx with v1 labels. */
    private static Declaration seedNginx() {
        return declared(ContainerDiscovery.discover(TestContainer.published("nginx", 8081)
                .label("traefik.backend", "backend1")
                .label("traefik.frontend.rule", "Host:nginx.example.com").build(),
                DiscoverySettings.defaults("node1", AddressPolicy.onHost("172.31.13.231"))));
    }

    private static EncodedDeclarations encode(Layout layout, Set<Origin> draining, Declaration... declarations) {
        return DeclarationEncoder.encode(List.of(declarations), BuildSettings.of("node1", layout, "traefik"), draining);
    }

    private static List<KvPair> allPairs(EncodedDeclarations encoded) {
        List<KvPair> pairs = new ArrayList<>(encoded.state().shared());
        encoded.state().servers().forEach(server -> pairs.addAll(server.pairs()));
        return pairs;
    }

    @Test
    void v3WritesServerUrlAndWeightAndSharedKeysWithoutDefaults() {
        EncodedDeclarations encoded = encode(Layout.V3, Set.of(), shop("node1", "10.0.0.1", "shop-1"));

        assertThat(encoded.state().servers()).containsExactly(new ServerRegistration(
                "traefik/http/services/shop/loadBalancer/servers/node1--shop-1-80/",
                new io.kvroute.kv.layout.ServerId("node1--shop-1-80"), List.of(
                        KvPair.of("traefik/http/services/shop/loadBalancer/servers/node1--shop-1-80/url",
                                "http://10.0.0.1:8081"),
                        KvPair.of("traefik/http/services/shop/loadBalancer/servers/node1--shop-1-80/weight", "2"))));
        assertThat(encoded.state().shared()).containsExactly(
                KvPair.of("traefik/http/routers/shop/entryPoints/0", "web"),
                KvPair.of("traefik/http/routers/shop/rule", "Host(`shop.example.com`)"),
                KvPair.of("traefik/http/routers/shop/service", "shop"),
                KvPair.of("traefik/http/services/shop/loadBalancer/healthCheck/path", "/health"));
        assertThat(encoded.problems()).isEmpty();
    }

    @Test
    void v3DrainsWithWeightZero() {
        EncodedDeclarations encoded = encode(Layout.V3, Set.of(Origin.container("shop-1")), shop("node1", "10.0.0.1", "shop-1"));

        assertThat(encoded.state().servers()).singleElement().satisfies(server -> assertThat(server.pairs())
                .contains(KvPair.of("traefik/http/services/shop/loadBalancer/servers/node1--shop-1-80/weight", "0")));
    }

    @Test
    void v2WritesNoWeightAndRemovesDrainedServers() {
        EncodedDeclarations encoded = encode(Layout.V2, Set.of(Origin.container("shop-1")),
                shop("node1", "10.0.0.1", "shop-1"), shop("node1", "10.0.0.1", "shop-2"));

        assertThat(allPairs(encoded)).extracting(KvPair::key).noneMatch(key -> key.endsWith("/weight"));
        assertThat(encoded.state().servers()).singleElement().satisfies(server -> assertThat(server.pairs())
                .containsExactly(KvPair.of("traefik/http/services/shop/loadBalancer/servers/node1--shop-2-80/url",
                        "http://10.0.0.1:8081")));
        assertThat(encoded.problems()).isEmpty();
    }

    @Test
    void v2WithEveryServerDrainedLeavesTheServiceAndItsRouterOut() {
        EncodedDeclarations encoded = encode(Layout.V2, Set.of(Origin.container("shop-1")), shop("node1", "10.0.0.1", "shop-1"));

        assertThat(encoded.state().servers()).isEmpty();
        assertThat(encoded.state().shared()).isEmpty();
    }

    @Test
    void v2ReportsADeclaredV3OnlyFieldButNotDefaults() {
        Declaration declaration = declared(Outcomes.discover(TestContainer.published("s", 8081)
                .label("traefik.http.services.s.loadbalancer.healthcheck.path", "/h")
                .label("traefik.http.services.s.loadbalancer.healthcheck.status", "204")));

        EncodedDeclarations encoded = encode(Layout.V2, Set.of(), declaration);

        assertThat(encoded.problems()).extracting(Problem::toLine).containsExactly(
                "warning traefik/http/services/s/loadBalancer/healthCheck/status=\"204\": omitted for Traefik v2: "
                        + "status needs Traefik v3.0 or later");
        assertThat(encoded.state().shared()).contains(KvPair.of("traefik/http/services/s/loadBalancer/healthCheck/path", "/h"));
    }

    /** Traefik's HTTPS labels: TLS with a certificate resolver, domains (a list in brackets) and options. */
    private static Declaration secureShop() {
        return declared(ContainerDiscovery.discover(TestContainer.published("shop-1", 8081)
                .label("traefik.http.routers.shop.rule", "Host(`shop.example.com`)")
                .label("traefik.http.routers.shop.entrypoints", "websecure")
                .label("traefik.http.routers.shop.tls", "true")
                .label("traefik.http.routers.shop.tls.certresolver", "le")
                .label("traefik.http.routers.shop.tls.domains[0].main", "example.com")
                .label("traefik.http.routers.shop.tls.domains[0].sans", "*.example.com,www.example.org")
                .label("traefik.http.routers.shop.tls.domains[1].main", "example.net")
                .label("traefik.http.routers.shop.tls.options", "modern").build(),
                DiscoverySettings.defaults("node1", AddressPolicy.onHost("10.0.0.1"))));
    }

    @ParameterizedTest
    @EnumSource(value = Layout.class, names = {"V2", "V3"})
    void routerTlsLabelsAreWrittenAsTraefiksRouterTlsKeys(Layout layout) {
        EncodedDeclarations encoded = encode(layout, Set.of(), secureShop());

        assertThat(encoded.state().shared()).containsExactly(
                KvPair.of("traefik/http/routers/shop/entryPoints/0", "websecure"),
                KvPair.of("traefik/http/routers/shop/rule", "Host(`shop.example.com`)"),
                KvPair.of("traefik/http/routers/shop/service", "shop-1"),
                KvPair.of("traefik/http/routers/shop/tls/certResolver", "le"),
                KvPair.of("traefik/http/routers/shop/tls/domains/0/main", "example.com"),
                KvPair.of("traefik/http/routers/shop/tls/domains/0/sans/0", "*.example.com"),
                KvPair.of("traefik/http/routers/shop/tls/domains/0/sans/1", "www.example.org"),
                KvPair.of("traefik/http/routers/shop/tls/domains/1/main", "example.net"),
                KvPair.of("traefik/http/routers/shop/tls/options", "modern"));
        assertThat(encoded.problems()).isEmpty();
    }

    @Test
    void tlsTrueAloneIsWrittenAsAnEmptyRouterTlsKey() {
        Declaration declaration = declared(Outcomes.discover(TestContainer.published("a", 8081)
                .label("traefik.http.routers.a.rule", "Host(`a.example.com`)")
                .label("traefik.http.routers.a.tls", "true")));

        EncodedDeclarations encoded = encode(Layout.V3, Set.of(), declaration);

        assertThat(encoded.state().shared()).contains(KvPair.of("traefik/http/routers/a/tls", ""));
        assertThat(encoded.problems()).isEmpty();
    }

    @Test
    void v1WritesTheEntryPointsOfAFrontendForHttpsAndReportsRouterTlsItCannotExpress() {
        Declaration v1Https = declared(Outcomes.discover(TestContainer.published("b", 8081)
                .label("traefik.frontend.rule", "Host:b.example.com")
                .label("traefik.frontend.entryPoints", "http,https")));

        EncodedDeclarations encoded = encode(Layout.V1, Set.of(), v1Https, secureShop());

        assertThat(encoded.state().shared()).contains(
                KvPair.of("/traefik/frontends/b/entrypoints/0", "http"),
                KvPair.of("/traefik/frontends/b/entrypoints/1", "https"),
                KvPair.of("/traefik/frontends/shop/entrypoints/0", "websecure"));
        assertThat(encoded.state().shared()).extracting(KvPair::key).noneMatch(key -> key.contains("/tls"));
        assertThat(encoded.problems()).extracting(Problem::toLine).containsExactly(
                "warning /traefik/frontends/shop/tls=\"\": cannot be written in the v1 layout, left out");
    }

    @Test
    void v1WritesTheSeedsKeys() {
        EncodedDeclarations encoded = encode(Layout.V1, Set.of(), seedNginx());

        assertThat(allPairs(encoded)).containsExactlyInAnyOrder(
                KvPair.of("/traefik/backends/backend1/servers/node1--nginx-80/url", "http://172.31.13.231:8081"),
                KvPair.of("/traefik/backends/backend1/servers/node1--nginx-80/weight", "1"),
                KvPair.of("/traefik/frontends/backend1/backend", "backend1"),
                KvPair.of("/traefik/frontends/backend1/routes/backend1/rule", "Host:nginx.example.com"));
        assertThat(encoded.state().servers()).singleElement().extracting(ServerRegistration::keyPrefix)
                .isEqualTo("/traefik/backends/backend1/servers/node1--nginx-80/");
        assertThat(encoded.problems()).isEmpty();
    }

    @Test
    void v1ConvertsV3RulesAndReportsThoseV1CannotExpress() {
        Declaration negated = declared(Outcomes.discover(TestContainer.published("neg", 8082)
                .label("kvroute.rule", "!Host(`a.com`)")));

        EncodedDeclarations encoded = encode(Layout.V1, Set.of(), shop("node1", "10.0.0.1", "shop-1"), negated);

        assertThat(encoded.state().shared()).contains(
                KvPair.of("/traefik/frontends/shop/routes/shop/rule", "Host:shop.example.com"),
                KvPair.of("/traefik/frontends/shop/entrypoints/0", "web"));
        assertThat(encoded.state().shared()).extracting(KvPair::key).noneMatch(key -> key.startsWith("/traefik/frontends/neg/"));
        assertThat(encoded.problems()).filteredOn(Problem::isError).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("/traefik/frontends/neg");
            assertThat(problem.reason()).startsWith("rule cannot be written in Traefik v1 syntax: ");
        });
    }

    @Test
    void v3ConvertsV1Rules() {
        EncodedDeclarations encoded = encode(Layout.V3, Set.of(), seedNginx());

        assertThat(encoded.state().shared()).contains(
                KvPair.of("traefik/http/routers/backend1/rule", "Host(`nginx.example.com`)"));
    }

    /** A v1 value list becomes an OR of one-value calls: Traefik v3 refuses {@code Host(`a`, `b`)}. */
    @Test
    void v3ConvertsV1ListsToAnOrOfSingleCalls() {
        Declaration listed = declared(Outcomes.discover(TestContainer.published("listed", 8081)
                .label("traefik.frontend.rule", "Host:a.example.com,b.example.com;Method:GET,HEAD")));

        EncodedDeclarations encoded = encode(Layout.V3, Set.of(), listed);

        String converted = "(Host(`a.example.com`) || Host(`b.example.com`)) && (Method(`GET`) || Method(`HEAD`))";
        assertThat(encoded.state().shared()).contains(KvPair.of("traefik/http/routers/listed/rule", converted));
        assertThat(RuleParser.parseV3(converted).expr())
                .isEqualTo(RuleParser.parseV1("Host:a.example.com,b.example.com;Method:GET,HEAD").expr());
        assertThat(encoded.problems()).filteredOn(Problem::isError).isEmpty();
    }

    /**
     * v1 rules keep their meaning under v3: a path template becomes the anchored regular expression mux made of it,
     * {@code Query:k=} (the key with any value) {@code QueryRegexp(`k`, `.*`)}, never an empty argument Traefik v3
     * refuses; under v2 the templates stay (Traefik v2 matches with gorilla/mux as 1.7 did).
     */
    @Test
    void v1TemplatesAndEmptyQueryValuesKeepTheirMeaningInBothLayouts() {
        String v1 = "Host:a.example.com;Path:/a/{id:[0-9]+};Query:k=";
        Declaration templated = declared(Outcomes.discover(TestContainer.published("tmpl", 8081)
                .label("traefik.frontend.rule", v1)));

        EncodedDeclarations v3 = encode(Layout.V3, Set.of(), templated);
        EncodedDeclarations v2 = encode(Layout.V2, Set.of(), templated);

        assertThat(v3.state().shared()).contains(KvPair.of("traefik/http/routers/tmpl/rule",
                "Host(`a.example.com`) && PathRegexp(`^/a/(?:[0-9]+)$`) && QueryRegexp(`k`, `.*`)"));
        assertThat(v2.state().shared()).contains(KvPair.of("traefik/http/routers/tmpl/rule",
                "Host(`a.example.com`) && Path(`/a/{id:[0-9]+}`) && Query(`k=`)"));
        assertThat(v3.problems()).filteredOn(Problem::isError).isEmpty();
        assertThat(v2.problems()).filteredOn(Problem::isError).isEmpty();
        assertThat(ConfigDecoder.decode(allPairs(v3), "traefik", LayoutChoice.V3).problems())
                .filteredOn(Problem::isError).isEmpty();
        assertThat(ConfigDecoder.decode(allPairs(v2), "traefik", LayoutChoice.V2).problems())
                .filteredOn(Problem::isError).isEmpty();
    }

    /**
     * An agent with --layout=v2 takes native Traefik v2 label rules and writes them as they are (Traefik v2 reads no
     * ruleSyntax): a v2-layout decode reads them without problem, a v3 one (Traefik v3) leaves the router out.
     */
    @Test
    void theV2LayoutWritesNativeV2LabelRulesAsTheyAre() {
        String rule = "Host(`a.example.com`, `b.example.com`) && Headers(`X-A`, `1`) || HostHeader(`c.example.com`)";
        DiscoverySettings v2Settings = Outcomes.SETTINGS.withRuleSyntax(RuleSyntax.V2);
        Declaration native2 = declared(ContainerDiscovery.discover(TestContainer.published("native", 8081)
                .label("traefik.http.routers.native.rule", rule).build(), v2Settings));

        EncodedDeclarations encoded = encode(Layout.V2, Set.of(), native2);

        assertThat(encoded.problems()).filteredOn(Problem::isError).isEmpty();
        assertThat(encoded.state().shared()).contains(KvPair.of("traefik/http/routers/native/rule", rule))
                .noneMatch(pair -> pair.key().endsWith("/ruleSyntax"));
        assertThat(ConfigDecoder.decode(allPairs(encoded), "traefik", LayoutChoice.V2).problems())
                .filteredOn(Problem::isError).isEmpty();
        assertThat(ConfigDecoder.decode(allPairs(encoded), "traefik", LayoutChoice.V3).problems())
                .filteredOn(Problem::isError).extracting(Problem::key)
                .containsExactly("traefik/http/routers/native/rule");
    }

    /** Under v2 a v3 rule is written only where v2 reads it with the same meaning; a v3 regexp leaves it out. */
    @Test
    void theV2LayoutConvertsV3RulesOnlyWhereTheyMeanTheSame() {
        Declaration v3Rules = declared(Outcomes.discover(TestContainer.published("v3rules", 8081)
                .label("traefik.http.routers.same.rule", "Host(`a.example.com`) && Header(`X-A`, `1`)")
                .label("traefik.http.routers.same.service", "v3rules")
                .label("traefik.http.routers.regexp.rule", "HostRegexp(`^[a-z]+\\.example\\.com$`)")
                .label("traefik.http.routers.regexp.service", "v3rules")));

        EncodedDeclarations encoded = encode(Layout.V2, Set.of(), v3Rules);

        assertThat(encoded.state().shared()).contains(KvPair.of("traefik/http/routers/same/rule",
                "Host(`a.example.com`) && Headers(`X-A`, `1`)"))
                .noneMatch(pair -> pair.key().startsWith("traefik/http/routers/regexp/"));
        assertThat(encoded.problems()).filteredOn(Problem::isError).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("traefik/http/routers/regexp");
            assertThat(problem.reason()).startsWith("rule cannot be written in Traefik v2 syntax: not expressible in "
                    + "Traefik v2 syntax with the same meaning: HostRegexp(");
        });
    }

    /**
     * A converted rule is parsed again in the layout's syntax: a v3 rule whose v2 text would read otherwise (a brace
     * closing nothing in a path, {@code =} or a brace in a query key) and a v1 rule whose v3 text v3 refuses (a
     * non-ASCII host) leave only their router out, each with its key and reason.
     */
    @Test
    void aConvertedRuleTheLayoutReadsOtherwiseLeavesItsRouterOut() {
        Declaration v3Rules = declared(Outcomes.discover(TestContainer.published("v3rules", 8081)
                .label("traefik.http.routers.same.rule", "Host(`a.example.com`) && Query(`k`, `v`)")
                .label("traefik.http.routers.brace.rule", "Path(`/a}b`)")
                .label("traefik.http.routers.equals.rule", "Query(`a=b`, `c`)")
                .label("traefik.http.routers.keybrace.rule", "Query(`a{b`, `c`)")));
        Declaration v1Rule = declared(Outcomes.discover(TestContainer.published("idn", 8082)
                .label("traefik.frontend.rule", "Host:bücher.example")));

        EncodedDeclarations v2 = encode(Layout.V2, Set.of(), v3Rules);
        EncodedDeclarations v3 = encode(Layout.V3, Set.of(), v1Rule);

        assertThat(v2.state().shared()).contains(KvPair.of("traefik/http/routers/same/rule",
                "Host(`a.example.com`) && Query(`k=v`)"));
        assertThat(v2.problems()).filteredOn(Problem::isError).extracting(Problem::key).containsExactlyInAnyOrder(
                "traefik/http/routers/brace", "traefik/http/routers/equals", "traefik/http/routers/keybrace");
        assertThat(v2.problems()).filteredOn(Problem::isError).allSatisfy(problem -> assertThat(problem.reason())
                .startsWith("rule cannot be written in Traefik v2 syntax: not expressible in Traefik v2 syntax with "
                        + "the same meaning: ").endsWith("; router left out"));
        assertThat(v3.state().shared()).extracting(KvPair::key)
                .noneMatch(key -> key.startsWith("traefik/http/routers/"));
        assertThat(v3.problems()).filteredOn(Problem::isError).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("traefik/http/routers/idn");
            assertThat(problem.reason()).startsWith("rule cannot be written in Traefik v3 syntax: Traefik v3 syntax "
                    + "refuses Host(`bücher.example`): ").contains("non-ASCII");
        });
    }

    @Test
    void v3KeepsAV2RuleAndItsRuleSyntax() {
        String template = "HostRegexp(`{sub:[a-z]+}.example.com`) && Headers(`X-A`, `1`)";
        Declaration v2 = declared(Outcomes.discover(TestContainer.published("tmpl", 8082)
                .label("traefik.http.routers.tmpl.rule", template)
                .label("traefik.http.routers.tmpl.ruleSyntax", "v2")));

        EncodedDeclarations encoded = encode(Layout.V3, Set.of(), v2);

        assertThat(encoded.state().shared()).contains(KvPair.of("traefik/http/routers/tmpl/rule", template),
                KvPair.of("traefik/http/routers/tmpl/ruleSyntax", "v2"));
        assertThat(encoded.problems()).filteredOn(Problem::isError).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void sharedKeysAreByteIdenticalAcrossNodes(Layout layout) {
        EncodedDeclarations node1 = DeclarationEncoder.encode(List.of(shop("node1", "10.0.0.1", "shop-1")),
                BuildSettings.of("node1", layout, "traefik"), Set.of());
        EncodedDeclarations node2 = DeclarationEncoder.encode(List.of(shop("node2", "10.0.0.2", "shop-7")),
                BuildSettings.of("node2", layout, "traefik"), Set.of());

        assertThat(node1.state().shared()).isNotEmpty().isEqualTo(node2.state().shared());
        assertThat(node1.state().servers()).extracting(server -> server.id().value()).containsExactly("node1--shop-1-80");
        assertThat(node2.state().servers()).extracting(server -> server.id().value()).containsExactly("node2--shop-7-80");
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void theOutputOfTwoNodesDecodesWithoutErrors(Layout layout) {
        List<KvPair> store = new ArrayList<>(allPairs(DeclarationEncoder.encode(
                List.of(shop("node1", "10.0.0.1", "shop-1"), seedNginx()), BuildSettings.of("node1", layout, "traefik"),
                Set.of())));
        allPairs(DeclarationEncoder.encode(List.of(shop("node2", "10.0.0.2", "shop-1")),
                BuildSettings.of("node2", layout, "traefik"), Set.of())).stream()
                .filter(pair -> !store.contains(pair)).forEach(store::add);

        DecodedConfig decoded = ConfigDecoder.decode(store, "traefik",
                layout == Layout.V1 ? LayoutChoice.V1 : LayoutChoice.V3);

        assertThat(decoded.problems()).filteredOn(Problem::isError).isEmpty();
        assertThat(decoded.model().services()).containsOnlyKeys("backend1", "shop");
        assertThat(((io.kvroute.kv.model.LoadBalancerService) decoded.model().services().get("shop")).servers())
                .extracting(io.kvroute.kv.model.Server::url).containsExactly("http://10.0.0.1:8081", "http://10.0.0.2:8081");
        assertThat(decoded.model().routers()).containsOnlyKeys("backend1", "shop");
    }

    @Test
    void aServiceDeclaredDifferentlyKeepsTheFirstOriginsSettingsAndBothServers() {
        Declaration first = shop("node1", "10.0.0.1", "shop-a");
        Declaration second = declared(Outcomes.discover(TestContainer.published("shop-b", 8082)
                .label("traefik.http.routers.shop.rule", "Host(`shop.example.com`)")
                .label("traefik.http.routers.shop.entrypoints", "web")
                .label("traefik.http.services.shop.loadbalancer.healthcheck.path", "/other")));

        EncodedDeclarations encoded = encode(Layout.V3, Set.of(), second, first);

        assertThat(encoded.state().shared())
                .contains(KvPair.of("traefik/http/services/shop/loadBalancer/healthCheck/path", "/health"));
        assertThat(encoded.state().servers()).extracting(server -> server.id().value())
                .containsExactly("node1--shop-a-80", "node1--shop-b-80");
        assertThat(encoded.problems()).extracting(Problem::toLine).containsExactly(
                "error traefik/http/services/shop=\"container shop-b\": service shop is declared differently by "
                        + "container shop-b than by container shop-a; keeping the declaration of container shop-a");
    }
}
