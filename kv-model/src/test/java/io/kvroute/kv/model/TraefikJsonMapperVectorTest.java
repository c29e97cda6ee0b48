package io.kvroute.kv.model;

import io.kvroute.kv.rule.RuleSyntax;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableSortedMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TraefikJsonMapperVectorTest {
    static Stream<ObjectNode> v2v3Configs() {
        return Stream.of(Vectors.expected("v3_01_routers.json"), Vectors.expected("v3_02_service_loadbalancer.json"),
                Vectors.expected("v3_04_middlewares_common.json"), Vectors.rawdataAsConfig(),
                Vectors.expected("v3_11_DERIVED_sparse_nonnumeric_server_ids.json"));
    }

    @ParameterizedTest
    @MethodSource("v2v3Configs")
    void writesExactlyTraefiksJsonBack(ObjectNode expected) {
        assertThat(TraefikJsonMapper.toJson(TraefikJsonMapper.fromJson(expected).config())).isEqualTo(expected);
    }

    static Stream<ObjectNode> tlsConfigs() {
        return Stream.of(Vectors.expected("v3_12_tls.json"), Vectors.expected("v3_13_DERIVED_tls_defaults.json"));
    }

    @ParameterizedTest
    @MethodSource("tlsConfigs")
    void writesTraefiksTlsJsonBackWithoutProblems(ObjectNode expected) {
        MappedConfig mapped = TraefikJsonMapper.fromJson(expected);

        assertThat(mapped.problems()).isEmpty();
        assertThat(mapped.config()).isEqualTo(HttpConfig.empty());
        assertThat(TraefikJsonMapper.toJson(mapped.tls())).isEqualTo(expected);
    }

    @Test
    void tlsOfV3_12() {
        TlsConfig tls = TraefikJsonMapper.fromJson(Vectors.expected("v3_12_tls.json")).tls();

        assertThat(tls.certificates()).extracting(TlsCertificate::id).containsExactly("0", "1");
        assertThat(tls.certificates().get(1).files()).isEqualTo(CertificateFiles.of("foobar", "foobar"));
        assertThat(tls.certificates().get(1).stores()).containsExactly("foobar", "foobar");
        TlsOptions options = tls.options().get("Options1");
        assertThat(options.minVersion()).isEqualTo("foobar");
        assertThat(options.cipherSuites()).containsExactly("foobar", "foobar");
        assertThat(options.curvePreferences()).containsExactly("foobar", "foobar");
        assertThat(options.clientAuth()).isEqualTo(new ClientAuth(
                List.of(new FileOrContent("foobar"), new FileOrContent("foobar")), "foobar", List.of()));
        assertThat(options.sniStrict()).isTrue();
        assertThat(options.alpnProtocols()).containsExactly("h2", "http/1.1", "acme-tls/1");
        assertThat(options.disableSessionTickets()).isFalse();
        assertThat(options.preferServerCipherSuites()).isEmpty();
        assertThat(tls.stores().get("Store0")).isEqualTo(new TlsStore("Store0",
                Optional.of(CertificateFiles.of("foobar", "foobar")), Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("v2v3Configs")
    void modelRoundTripsThroughJsonInBothServerStyles(ObjectNode expected) {
        HttpConfig model = TraefikJsonMapper.fromJson(expected).config();

        assertThat(TraefikJsonMapper.fromJson(TraefikJsonMapper.toJson(model)).config()).isEqualTo(model);
        assertThat(TraefikJsonMapper.fromJson(TraefikJsonMapper.toJson(model, ServerListStyle.KEYED_BY_ID)).config())
                .isEqualTo(model);
    }

    @Test
    void routersOfV3_01() {
        MappedConfig mapped = TraefikJsonMapper.fromJson(Vectors.expected("v3_01_routers.json"));

        Router router0 = mapped.config().routers().get("Router0");
        assertThat(router0.rule()).isEqualTo("foobar");
        assertThat(router0.syntax()).isEqualTo(RuleSyntax.V3);
        assertThat(router0.service()).isEqualTo("foobar");
        assertThat(router0.entryPoints()).containsExactly("foobar", "foobar");
        assertThat(router0.middlewares()).containsExactly("foobar", "foobar");
        assertThat(router0.priority()).isEqualTo(42);
        assertThat(router0.effectivePriority()).isEqualTo(42);
        assertThat(router0.tls()).contains(RawSettings.empty());
        assertThat(router0.passHostHeader()).isEmpty();
        assertThat(router0.v1Routes()).isEmpty();
        RawSettings tls1 = mapped.config().routers().get("Router1").tls().orElseThrow();
        assertThat(tls1.get("options")).contains(RawValue.string("foobar"));
        assertThat(tls1.get("certResolver")).contains(RawValue.string("foobar"));
        assertThat(tls1.get("domains/1/sans/1")).contains(RawValue.string("foobar"));
        assertThat(mapped.problems()).extracting(Problem::toLine).containsExactlyInAnyOrder(
                "error http/routers/Router0/service=\"foobar\": service foobar does not exist",
                "error http/routers/Router0/middlewares/0=\"foobar\": middleware foobar does not exist",
                "error http/routers/Router0/middlewares/1=\"foobar\": middleware foobar does not exist",
                "error http/routers/Router1/service=\"foobar\": service foobar does not exist",
                "error http/routers/Router1/middlewares/0=\"foobar\": middleware foobar does not exist",
                "error http/routers/Router1/middlewares/1=\"foobar\": middleware foobar does not exist");
        assertThat(mapped.problems()).extracting(p -> p.entity().orElseThrow())
                .containsOnly(EntityRef.router("Router0"), EntityRef.router("Router1"));
    }

    @Test
    void loadBalancerOfV3_02() {
        MappedConfig mapped = TraefikJsonMapper.fromJson(Vectors.expected("v3_02_service_loadbalancer.json"));

        LoadBalancerService service = (LoadBalancerService) mapped.config().services().get("Service01");
        assertThat(service.servers()).containsExactly(
                new Server("0", "foobar", OptionalLong.empty(), false),
                new Server("1", "foobar", OptionalLong.empty(), false));
        assertThat(service.passHostHeader()).isTrue();
        assertThat(service.strategy()).isEqualTo("foobar");
        assertThat(service.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(service.serversTransport()).isEmpty();
        assertThat(service.extras()).isEqualTo(RawSettings.empty());
        assertThat(service.sticky()).contains(new StickyCookie(Optional.of("foobar"), true, true, Optional.empty(),
                OptionalInt.empty(), Optional.of("foobar"), Optional.empty()));
        assertThat(service.healthCheck()).contains(new HealthCheck(Optional.of("foobar"), Optional.of("foobar"),
                Optional.of("foobar"), Optional.empty(), OptionalInt.empty(), OptionalInt.of(42),
                Optional.of(Duration.ofSeconds(1)), Optional.of(Duration.ofSeconds(1)),
                Optional.of(Duration.ofSeconds(1)), Optional.of("foobar"), Optional.of(true),
                ImmutableSortedMap.of("name0", "foobar", "name1", "foobar")));
        assertThat(mapped.problems()).extracting(Problem::toLine).containsExactlyInAnyOrder(
                "error http/services/Service01/loadBalancer/servers/0/url=\"foobar\": "
                        + "expected an absolute http, https or h2c URL with a host",
                "error http/services/Service01/loadBalancer/servers/1/url=\"foobar\": "
                        + "expected an absolute http, https or h2c URL with a host",
                "error http/services/Service01/loadBalancer/strategy=\"foobar\": expected one of hrw, leasttime, p2c, wrr");
    }

    @Test
    void middlewaresOfV3_04() {
        MappedConfig mapped = TraefikJsonMapper.fromJson(Vectors.expected("v3_04_middlewares_common.json"));
        Map<String, Middleware> middlewares = mapped.config().middlewares();

        assertThat(mapped.problems()).isEmpty();
        assertThat(middlewares.get("Middleware19"))
                .isEqualTo(new StripPrefix("Middleware19", List.of("foobar", "foobar"), Optional.of(true)));
        assertThat(middlewares.get("Middleware01")).isEqualTo(new BasicAuth("Middleware01", List.of("foobar", "foobar"),
                Optional.of("foobar"), Optional.of("foobar"), true, Optional.of("foobar")));
        assertThat(middlewares.get("Middleware15")).isEqualTo(
                new RedirectScheme("Middleware15", Optional.of("foobar"), Optional.of("foobar"), true));
        Retry retry = (Retry) middlewares.get("Middleware18");
        assertThat(retry.attempts()).isEqualTo(42);
        assertThat(retry.initialInterval()).contains(Duration.ofSeconds(1));
        assertThat(retry.others().values()).containsOnlyKeys("timeout", "maxRequestBodyBytes", "status/0", "status/1",
                "disableRetryOnNetworkError", "retryNonIdempotentMethod");
        Headers headers = (Headers) middlewares.get("Middleware09");
        assertThat(headers.customRequestHeaders()).containsExactly(Map.entry("name0", "foobar"),
                Map.entry("name1", "foobar"));
        assertThat(headers.customResponseHeaders()).containsOnlyKeys("name0", "name1");
        assertThat(headers.others().get("stsSeconds")).contains(RawValue.number(42));
        assertThat(headers.others().get("sslProxyHeaders/name1")).contains(RawValue.string("foobar"));
        OpaqueMiddleware rateLimit = (OpaqueMiddleware) middlewares.get("Middleware13");
        assertThat(rateLimit.type()).isEqualTo("rateLimit");
        assertThat(rateLimit.settings().get("sourceCriterion/ipStrategy/excludedIPs/1"))
                .contains(RawValue.string("foobar"));
    }

    @Test
    void rawdataOfV3_06() {
        MappedConfig mapped = TraefikJsonMapper.fromJson(Vectors.rawdataAsConfig());
        HttpConfig config = mapped.config();

        assertThat(config.routers()).containsOnlyKeys("Router0", "Router1");
        Router router0 = config.routers().get("Router0");
        assertThat(router0.rule()).isEqualTo("Host(`kv1.localhost`)");
        assertThat(router0.middlewares()).containsExactly("compressor@etcd", "striper@etcd");
        assertThat(router0.extras().get("observability/traceVerbosity")).contains(RawValue.string("minimal"));
        assertThat(config.routers().get("Router1").tls().orElseThrow().get("domains/0/sans/1"))
                .contains(RawValue.string("bbb.aaa.localhost"));
        assertThat(config.services()).containsOnlyKeys("Service03", "mirror", "simplesvc", "srvcA", "srvcB");
        assertThat(config.services().get("Service03")).isEqualTo(WeightedService.of("Service03",
                List.of(new ServiceWeight("srvcA", 42), new ServiceWeight("srvcB", 42))));
        OpaqueService mirror = (OpaqueService) config.services().get("mirror");
        assertThat(mirror.type()).isEqualTo("mirroring");
        assertThat(mirror.settings().get("maxBodySize")).contains(new RawValue(RawValue.Kind.NUMBER, "-1"));
        assertThat(config.services().get("srvcB")).isEqualTo(LoadBalancerService.of("srvcB",
                List.of(Server.of("0", "http://10.0.1.3:8888"), Server.of("1", "http://10.0.1.3:8889"))));
        assertThat(config.middlewares().get("striper"))
                .isEqualTo(new StripPrefix("striper", List.of("foo", "bar"), Optional.empty()));
        assertThat(mapped.problems()).isEmpty();
    }

    @Test
    void sparseServerIdsOfV3_11() {
        MappedConfig mapped = TraefikJsonMapper.fromJson(
                Vectors.expected("v3_11_DERIVED_sparse_nonnumeric_server_ids.json"));

        assertThat(mapped.problems()).isEmpty();
        Router web = mapped.config().routers().get("web");
        assertThat(web).isEqualTo(Router.of("web", "Host(`app.example.com`)", "app").withEntryPoints(List.of("web")));
        assertThat(web.effectivePriority()).isEqualTo("Host(`app.example.com`)".length());
        LoadBalancerService app = (LoadBalancerService) mapped.config().services().get("app");
        assertThat(app).isEqualTo(LoadBalancerService.of("app", List.of(Server.of("0", "http://10.0.0.2:8080"),
                Server.of("1", "http://10.0.0.1:8080").withWeight(3), Server.of("2", "http://10.0.0.3:8080"))));
        assertThat(app.servers()).extracting(Server::effectiveWeight).containsExactly(1L, 3L, 1L);
    }

    @Test
    void keyedServersKeepAgentServerIds() {
        HttpConfig model = HttpConfig.of(List.of(), List.of(LoadBalancerService.of("app", List.of(
                Server.of("h-node1-web-1-8080", "http://10.0.0.1:8080").withWeight(0),
                Server.of("h-node2-web-1-8080", "http://10.0.0.2:8080")))), List.of());

        ObjectNode keyed = TraefikJsonMapper.toJson(model, ServerListStyle.KEYED_BY_ID);

        assertThat(keyed.at("/http/services/app/loadBalancer/servers/h-node1-web-1-8080/weight").intValue()).isZero();
        MappedConfig mapped = TraefikJsonMapper.fromJson(keyed);
        assertThat(mapped.config()).isEqualTo(model);
        assertThat(mapped.problems()).isEmpty();
    }
}
