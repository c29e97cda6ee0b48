package io.kvroute.kv.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraefikJsonMapperProblemsTest {
    private static MappedConfig map(String json) {
        return TraefikJsonMapper.fromJson(Vectors.json(json));
    }

    @Test
    void badServerUrlStaysInTheModelAndIsAnErrorOfItsService() {
        MappedConfig mapped = map("""
                {"http": {"services": {"app": {"loadBalancer": {"servers": [
                    {"url": "http://10.0.0.1:80"}, {"url": "foobar"}]}}}}}""");

        LoadBalancerService app = (LoadBalancerService) mapped.config().services().get("app");
        assertThat(app.servers()).extracting(Server::url).containsExactly("http://10.0.0.1:80", "foobar");
        assertThat(mapped.problems()).containsExactly(Problem.error("http/services/app/loadBalancer/servers/1/url",
                "foobar", "expected an absolute http, https or h2c URL with a host", EntityRef.service("app")));
        assertThat(mapped.hasErrors()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "http://10.0.0.1:8080, true",
        "https://shop.example.com, true",
        "h2c://10.0.0.1:50051, true",
        "HTTP://10.0.0.1, true",
        "http://my_container:80, true",
        "http://[::1]:8080, true",
        "foobar, false",
        "10.0.0.1:8080, false",
        "ftp://10.0.0.1, false",
        "http://, false",
        "http:///path, false",
        "'', false",
    })
    void serverUrlsMustBeAbsoluteHttpWithHost(String url, boolean valid) {
        assertThat(SemanticChecks.isServerUrl(url)).isEqualTo(valid);
    }

    @Test
    void missingServiceAndMiddlewareReferencesAreErrorsOfTheRouter() {
        MappedConfig mapped = map("""
                {"http": {"routers": {"web": {"rule": "Host(`a`)", "service": "nope", "middlewares": ["gone"]}}}}""");

        assertThat(mapped.config().routers()).containsOnlyKeys("web");
        assertThat(mapped.problems()).containsExactly(
                Problem.error("http/routers/web/service", "nope", "service nope does not exist", EntityRef.router("web")),
                Problem.error("http/routers/web/middlewares/0", "gone", "middleware gone does not exist",
                        EntityRef.router("web")));
    }

    @Test
    void ownProviderSuffixesResolveAndOtherProvidersAreWarnings() {
        MappedConfig mapped = map("""
                {"http": {
                  "routers": {
                    "a": {"rule": "Host(`a`)", "service": "app@etcd", "middlewares": ["strip@consul", "auth@file"]},
                    "b": {"rule": "Host(`b`)", "service": "api@internal"}},
                  "services": {"app": {"loadBalancer": {"servers": [{"url": "http://10.0.0.1"}]}}},
                  "middlewares": {"strip": {"stripPrefix": {"prefixes": ["/x"]}}}}}""");

        assertThat(mapped.problems()).extracting(Problem::toLine).containsExactly(
                "warning http/routers/a/middlewares/1=\"auth@file\": middleware of provider file is not resolved by kvroute",
                "warning http/routers/b/service=\"api@internal\": service of provider internal is not resolved by kvroute");
        assertThat(mapped.hasErrors()).isFalse();
    }

    @Test
    void unknownStrategyIsAnError() {
        MappedConfig mapped = map("""
                {"http": {"services": {"app": {"loadBalancer": {"strategy": "random",
                    "servers": [{"url": "http://10.0.0.1"}]}}}}}""");

        assertThat(((LoadBalancerService) mapped.config().services().get("app")).strategy()).isEqualTo("random");
        assertThat(mapped.problems()).containsExactly(Problem.error("http/services/app/loadBalancer/strategy",
                "random", "expected one of hrw, leasttime, p2c, wrr", EntityRef.service("app")));
    }

    @Test
    void negativeWeightIsAnErrorAndZeroDrains() {
        MappedConfig mapped = map("""
                {"http": {"services": {"app": {"loadBalancer": {"servers": [
                    {"url": "http://10.0.0.1", "weight": -1}, {"url": "http://10.0.0.2", "weight": 0}]}}}}}""");

        LoadBalancerService app = (LoadBalancerService) mapped.config().services().get("app");
        assertThat(app.servers()).extracting(Server::effectiveWeight).containsExactly(-1L, 0L);
        assertThat(mapped.problems()).containsExactly(Problem.error("http/services/app/loadBalancer/servers/0/weight",
                "-1", "expected a weight >= 0 (0 drains)", EntityRef.service("app")));
    }

    @ParameterizedTest
    @CsvSource({"0, true", "1, false", "65535, false", "65536, true"})
    void healthCheckPortMustBeAPort(int port, boolean error) {
        MappedConfig mapped = map("""
                {"http": {"services": {"app": {"loadBalancer": {"servers": [{"url": "http://10.0.0.1"}],
                    "healthCheck": {"path": "/health", "port": %d}}}}}}""".formatted(port));

        assertThat(mapped.problems()).isEqualTo(error ? List.of(Problem.error(
                "http/services/app/loadBalancer/healthCheck/port", Integer.toString(port),
                "expected a port in 1-65535", EntityRef.service("app"))) : List.of());
    }

    @Test
    void routerWithoutRuleOrServiceIsAnError() {
        MappedConfig mapped = map("{\"http\": {\"routers\": {\"web\": {\"entryPoints\": [\"web\"]}}}}");

        assertThat(mapped.config().routers().get("web").rule()).isEmpty();
        assertThat(mapped.problems()).containsExactly(
                Problem.error("http/routers/web/rule", "", "router has no rule", EntityRef.router("web")),
                Problem.error("http/routers/web/service", "", "router has no service", EntityRef.router("web")));
    }

    @Test
    void weightedServiceReferencingAMissingServiceIsAnError() {
        MappedConfig mapped = map("""
                {"http": {"services": {
                  "canary": {"weighted": {"services": [{"name": "v1", "weight": 9}, {"name": "v2", "weight": 1}]}},
                  "v1": {"loadBalancer": {"servers": [{"url": "http://10.0.0.1"}]}}}}}""");

        assertThat(mapped.problems()).containsExactly(Problem.error("http/services/canary/weighted/services/1/name",
                "v2", "service v2 does not exist", EntityRef.service("canary")));
    }

    @Test
    void onlyAPluginMiddlewareUsedByARouterIsAWarningNamingThePlugin() {
        MappedConfig mapped = map("""
                {"http": {
                  "routers": {"web": {"rule": "Host(`a`)", "service": "app", "middlewares": ["limit", "geo"]}},
                  "services": {"app": {"loadBalancer": {"servers": [{"url": "http://10.0.0.1"}]}}},
                  "middlewares": {"limit": {"rateLimit": {"average": 100}},
                                  "geo": {"plugin": {"geoblock": {"allowedCountries": ["FR"]}}}}}}""");

        assertThat(mapped.problems()).containsExactly(Problem.warning("http/routers/web/middlewares/1", "geo",
                "middleware type plugin (plugin geoblock) is not implemented by kvroute (a kvroute proxy leaves the "
                        + "router out)", EntityRef.router("web")));
    }

    @Test
    void valuesOfTheWrongTypeAreErrorsAndTheEntityStays() {
        MappedConfig mapped = map("""
                {"http": {
                  "routers": {"web": {"rule": "Host(`a`)", "service": "app", "priority": "high"}},
                  "services": {"app": {"loadBalancer": {"servers": [{"url": "http://10.0.0.1"}],
                      "healthCheck": {"path": "/", "interval": "soon"}, "passHostHeader": "yes"}}}}}""");

        assertThat(mapped.config().routers().get("web").priority()).isZero();
        LoadBalancerService app = (LoadBalancerService) mapped.config().services().get("app");
        assertThat(app.healthCheck().orElseThrow().interval()).isEmpty();
        assertThat(app.passHostHeader()).isTrue();
        assertThat(mapped.problems()).extracting(Problem::toLine).containsExactly(
                "error http/routers/web/priority=\"high\": expected an integer",
                "error http/services/app/loadBalancer/passHostHeader=\"yes\": expected true or false",
                "error http/services/app/loadBalancer/healthCheck/interval=\"soon\": duration \"soon\" "
                        + "(expected: a number with a unit, e.g. 10s or 1m30s)");
    }

    @Test
    void entitiesThatCannotBeModelledAreSkippedWithAnError() {
        MappedConfig mapped = map("""
                {"tcpx": {"routers": {}}, "http": {
                  "services": {"empty": {}, "bad@name": {"loadBalancer": {}}},
                  "middlewares": {"m": "x"},
                  "models": {"t": {}}}}""");

        assertThat(mapped.config()).isEqualTo(HttpConfig.empty());
        assertThat(mapped.problems()).extracting(Problem::toLine).containsExactlyInAnyOrder(
                "warning tcpx=\"{\"routers\":{}}\": not a section of Traefik's dynamic configuration (expected "
                        + "http, tcp, udp or tls)",
                "error http/services/empty=\"\": service has no type (expected loadBalancer, weighted, mirroring "
                        + "or failover)",
                "error http/services/bad@name=\"{\"loadBalancer\":{}}\": expected a name without '/' or '@'",
                "error http/middlewares/m=\"x\": expected an object",
                "warning http/models=\"\": not applied by kvroute");
    }

    @Test
    void unknownServerFieldIsAWarning() {
        MappedConfig mapped = map("""
                {"http": {"services": {"app": {"loadBalancer": {"servers": [{"url": "http://10.0.0.1", "tags": "x"}]}}}}}""");

        assertThat(mapped.problems()).containsExactly(Problem.warning("http/services/app/loadBalancer/servers/0/tags",
                "x", "unknown field, ignored", EntityRef.service("app")));
        assertThat(mapped.config().service("app")).map(Service::type).isEqualTo(Optional.of("loadBalancer"));
    }
}
