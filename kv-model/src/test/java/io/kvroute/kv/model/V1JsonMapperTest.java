package io.kvroute.kv.model;

import io.kvroute.kv.rule.RuleSyntax;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSortedMap;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class V1JsonMapperTest {
    @Test
    void nameWithDotOfV1_12() {
        MappedConfig mapped = V1JsonMapper.fromJson(Vectors.expected("v1_12_name_with_dot.json"));

        assertThat(mapped.problems()).isEmpty();
        Router router = mapped.config().routers().get("frontend.with.dot");
        assertThat(router.rule()).isEqualTo("Host:test.localhost");
        assertThat(router.syntax()).isEqualTo(RuleSyntax.V1);
        assertThat(router.v1Routes()).containsExactly(java.util.Map.entry("route.with.dot", "Host:test.localhost"));
        assertThat(router.service()).isEqualTo("backend.with.dot.too");
        assertThat(router.entryPoints()).isEmpty();
        assertThat(router.priority()).isZero();
        assertThat(router.effectivePriority()).isEqualTo(19);
        assertThat(router.passHostHeader()).contains(true);
        assertThat(router.middlewares()).isEmpty();
        assertThat(mapped.config().services().get("backend.with.dot.too")).isEqualTo(
                LoadBalancerService.of("backend.with.dot.too",
                        List.of(Server.of("server.with.dot", "http://172.17.0.2:80").withWeight(1))));
    }

    @Test
    void basicAuthOfV1_13BecomesAMiddlewareOfTheRouter() {
        MappedConfig mapped = V1JsonMapper.fromJson(Vectors.expected("v1_13_basic_auth_users.json"));

        assertThat(mapped.config().middlewares()).containsOnlyKeys("frontend-basicauth");
        assertThat(mapped.config().middlewares().get("frontend-basicauth")).isEqualTo(new BasicAuth(
                "frontend-basicauth", List.of("test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/",
                        "test2:$apr1$d9hr9HBB$4HxwgUir3HP4EsggP/QNo0"),
                Optional.empty(), Optional.empty(), true, Optional.of("X-WebAuth-User")));
        assertThat(mapped.config().routers().get("frontend").middlewares()).containsExactly("frontend-basicauth");
        assertThat(mapped.config().services().get("backend")).isEqualTo(LoadBalancerService.of("backend", List.of()));
        assertThat(mapped.problems()).containsExactly(Problem.error("frontends/frontend/routes", "",
                "router has no rule", EntityRef.router("frontend")));
    }

    @Test
    void etcd3NominalOfV1_15() {
        MappedConfig mapped = V1JsonMapper.fromJson(Vectors.expected("v1_15_etcd3_nominal.json"));
        HttpConfig config = mapped.config();

        LoadBalancerService backend1 = (LoadBalancerService) config.services().get("backend1");
        assertThat(backend1.servers()).containsExactly(
                new Server("server1", "http://172.18.0.3:80", OptionalLong.of(10), false),
                new Server("server2", "http://172.18.0.4:80", OptionalLong.of(1), false));
        assertThat(backend1.strategy()).isEqualTo("wrr");
        assertThat(((LoadBalancerService) config.services().get("backend2")).strategy()).isEqualTo("drr");
        Router frontend1 = config.routers().get("frontend1");
        assertThat(frontend1.service()).isEqualTo("backend2");
        assertThat(frontend1.entryPoints()).containsExactly("http");
        assertThat(frontend1.priority()).isEqualTo(1);
        assertThat(frontend1.effectivePriority()).isEqualTo(1);
        assertThat(config.routers().get("frontend2").rule()).isEqualTo("Path:/test");
        assertThat(mapped.problems()).containsExactly(Problem.warning("backends/backend1/circuitbreaker",
                "{\"expression\":\"NetworkErrorRatio() > 0.5\"}", "not applied by kvroute",
                EntityRef.service("backend1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1_12_name_with_dot.json", "v1_13_basic_auth_users.json"})
    void writesTheVectorsV1JsonBack(String file) {
        EncodedConfig encoded = V1JsonMapper.toV1Json(V1JsonMapper.fromJson(Vectors.expected(file)).config());

        assertThat(encoded.json()).isEqualTo(Vectors.expected(file));
        assertThat(encoded.problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1_12_name_with_dot.json", "v1_13_basic_auth_users.json", "v1_15_etcd3_nominal.json"})
    void modelRoundTripsThroughV1Json(String file) {
        HttpConfig model = V1JsonMapper.fromJson(Vectors.expected(file)).config();

        assertThat(V1JsonMapper.fromJson(V1JsonMapper.toV1Json(model).json()).config()).isEqualTo(model);
    }

    @Test
    void multiRouteRuleIsJoinedByRouteNameAndDefaultPriorityIsTheSumOfRouteLengths() {
        MappedConfig mapped = V1JsonMapper.fromJson(Vectors.json("""
                {"frontends": {"shop": {"backend": "shop", "routes": {
                    "b-path": {"rule": "PathPrefix:/api"}, "a-host": {"rule": "Host:shop.example.com"},
                    "c-empty": {"rule": ""}}}},
                 "backends": {"shop": {"servers": {"s1": {"url": "http://10.0.0.1:80", "weight": 1}}}}}"""));

        Router shop = mapped.config().routers().get("shop");
        assertThat(shop.rule()).isEqualTo("Host:shop.example.com;PathPrefix:/api");
        assertThat(shop.effectivePriority()).isEqualTo(21 + 15);
        assertThat(shop.rule().length()).isEqualTo(37);
        assertThat(shop.withPriority(-3).effectivePriority()).isEqualTo(-3);
        assertThat(mapped.problems()).isEmpty();
    }

    @Test
    void explicitPriorityBelowOneMeansDefault() {
        Router router = V1JsonMapper.fromJson(Vectors.json("""
                {"frontends": {"f": {"backend": "b", "priority": -5, "routes": {"r": {"rule": "Path:/x"}}}}}"""))
                .config().routers().get("f");

        assertThat(router.priority()).isZero();
        assertThat(router.effectivePriority()).isEqualTo(7);
    }

    @Test
    void frontendFeaturesBecomeMiddlewaresAndWhatCannotBeMappedIsAnError() {
        MappedConfig mapped = V1JsonMapper.fromJson(Vectors.json("""
                {"frontends": {"web": {"backend": "web", "routes": {"r": {"rule": "Host:a"}},
                    "passHostHeader": false,
                    "headers": {"customRequestHeaders": {"X-Env": "prod"}, "customResponseHeaders": {"Server": ""},
                                "sslRedirect": true},
                    "auth": {"basic": {"users": ["u:h"]}, "forward": {"address": "http://auth"}},
                    "ratelimit": {"extractorFunc": "client.ip"}, "redirect": {"entryPoint": "https"}}},
                 "backends": {"web": {"servers": {"s": {"url": "http://10.0.0.1:80", "weight": 2}},
                    "loadBalancer": {"method": "drr", "stickiness": {"cookieName": "lb", "secure": true}},
                    "healthCheck": {"path": "/ping", "port": 8081, "interval": "10s", "hostname": "web",
                                    "headers": {"X-Probe": "1"}, "scheme": "https"},
                    "maxConn": {"amount": 10}, "buffering": {"retryExpression": "IsNetworkError()"}}}}"""));
        HttpConfig config = mapped.config();

        Router web = config.routers().get("web");
        assertThat(web.middlewares()).containsExactly("web-redirectentrypoint", "web-sslredirect", "web-headers",
                "web-basicauth");
        assertThat(web.passHostHeader()).contains(false);
        assertThat(config.middlewares().get("web-headers")).isEqualTo(new Headers("web-headers",
                ImmutableSortedMap.of("X-Env", "prod"), ImmutableSortedMap.of("Server", ""), RawSettings.empty()));
        assertThat(config.middlewares().get("web-sslredirect").type()).isEqualTo(MiddlewareTypes.V1_SSL_REDIRECT);
        assertThat(config.middlewares().get("web-basicauth")).isEqualTo(new BasicAuth("web-basicauth",
                List.of("u:h"), Optional.empty(), Optional.empty(), false, Optional.empty()));
        LoadBalancerService backend = (LoadBalancerService) config.services().get("web");
        assertThat(backend.strategy()).isEqualTo("drr");
        assertThat(backend.sticky()).contains(new StickyCookie(Optional.of("lb"), true, false, Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty()));
        assertThat(backend.healthCheck()).contains(HealthCheck.ofPath("/ping").withPort(8081)
                .withInterval(Duration.ofSeconds(10)).withHostname("web").withScheme("https")
                .withHeaders(ImmutableSortedMap.of("X-Probe", "1")));
        assertThat(mapped.problems()).extracting(Problem::key).containsExactlyInAnyOrder(
                "frontends/web/auth/forward", "backends/web/maxconn", "backends/web/buffering");
        assertThat(mapped.problems()).filteredOn(problem -> problem.severity() == Severity.WARNING)
                .extracting(Problem::key).containsExactlyInAnyOrder("backends/web/maxconn", "frontends/web/auth/forward");
        assertThat(mapped.problems()).filteredOn(problem -> problem.severity() == Severity.ERROR)
                .extracting(Problem::reason).allMatch(reason -> reason.contains("leaves the"));
    }

    @Test
    void stickinessWithoutCookieNameIsNamedByTheBackendAsTraefik17Names() {
        MappedConfig mapped = V1JsonMapper.fromJson(Vectors.json("""
                {"backends": {"b": {"servers": {"s": {"url": "http://10.0.0.1"}},
                                    "loadBalancer": {"stickiness": {"secure": true}}},
                              "legacy": {"servers": {"s": {"url": "http://10.0.0.2"}},
                                         "loadBalancer": {"sticky": true}}}}"""));

        // Traefik 1.7: cookie.GetName("", backendName), "_" + the first 5 hex digits of SHA-1 of "_TRAEFIK_BACKEND_b"
        LoadBalancerService named = (LoadBalancerService) mapped.config().services().get("b");
        assertThat(named.sticky()).contains(new StickyCookie(Optional.of("_6b6cc"), true, false, Optional.empty(),
                OptionalInt.empty(), Optional.empty(), Optional.empty()));
        LoadBalancerService legacy = (LoadBalancerService) mapped.config().services().get("legacy");
        assertThat(legacy.sticky().flatMap(StickyCookie::name)).contains(StickyCookie.generatedName("legacy"));
    }

    @Test
    void serverWithoutUrlIsDroppedWithAWarningAndUnknownMethodIsAnError() {
        MappedConfig mapped = V1JsonMapper.fromJson(Vectors.json("""
                {"backends": {"b": {"servers": {"s1": {"weight": 1}, "s2": {"url": "http://10.0.0.2", "weight": 1}},
                    "loadBalancer": {"method": "Random"}}}}"""));

        assertThat(((LoadBalancerService) mapped.config().services().get("b")).servers())
                .extracting(Server::id).containsExactly("s2");
        assertThat(mapped.problems()).extracting(Problem::toLine).containsExactly(
                "warning backends/b/servers/s1/url=\"\": server without url is dropped, as Traefik 1.x does",
                "error backends/b/loadbalancer/method=\"random\": expected one of drr, wrr");
    }

    @Test
    void toV1JsonRejectsV3RulesAndWarnsAboutWhatV1CannotExpress() {
        HttpConfig config = HttpConfig.of(
                List.of(Router.of("modern", "Host(`a`)", "app"),
                        Router.ofV1Routes("legacy", ImmutableSortedMap.of("r", "Host:a"), "app@etcd")
                                .withMiddlewares(List.of("strip"))),
                List.of(LoadBalancerService.of("app", List.of(Server.of("s1", "http://10.0.0.1")))
                                .withStrategy("p2c"),
                        WeightedService.of("canary", List.of(new ServiceWeight("app", 1)))),
                List.of(new StripPrefix("strip", List.of("/x"), Optional.empty())));

        EncodedConfig encoded = V1JsonMapper.toV1Json(config);

        assertThat(encoded.json()).isEqualTo(Vectors.json("""
                {"backends": {"app": {"servers": {"s1": {"url": "http://10.0.0.1", "weight": 1}},
                                      "loadBalancer": {"method": "wrr"}}},
                 "frontends": {"legacy": {"backend": "app", "passHostHeader": true, "entryPoints": [], "priority": 0,
                                          "routes": {"r": {"rule": "Host:a"}}}}}"""));
        assertThat(encoded.problems()).extracting(Problem::toLine).containsExactlyInAnyOrder(
                "warning backends/app/loadbalancer/method=\"p2c\": strategy has no v1 method, written as wrr",
                "warning backends/canary=\"weighted\": weighted service cannot be written in the v1 layout, left out",
                "error frontends/modern/routes=\"Host(`a`)\": rule is in v2/v3 syntax; convert it to a v1 rule "
                        + "before writing the v1 layout",
                "warning frontends/legacy/middlewares/0=\"strip\": a v1 frontend takes one basic auth and one custom "
                        + "headers middleware; stripPrefix middleware cannot be written in the v1 layout, left out",
                "warning middlewares/strip=\"stripPrefix\": middleware not used by a v1 frontend as basic auth or "
                        + "custom headers; cannot be written in the v1 layout, left out");
        assertThat(encoded.problems().stream().filter(Problem::isError).map(p -> p.entity().orElseThrow()))
                .containsExactly(EntityRef.router("modern"));
    }

    @Test
    void v1RouterWithoutKeptRoutesIsWrittenAsOneRouteNamedAfterIt() {
        Router router = Router.of("web", "Host:a;Path:/x", "app").withRule("Host:a;Path:/x", RuleSyntax.V1);
        HttpConfig config = HttpConfig.of(List.of(router), List.of(), List.of());

        EncodedConfig encoded = V1JsonMapper.toV1Json(config);

        assertThat(encoded.json().at("/frontends/web/routes"))
                .isEqualTo(Vectors.json("{\"web\": {\"rule\": \"Host:a;Path:/x\"}}"));
        assertThat(encoded.problems()).isEmpty();
    }
}
