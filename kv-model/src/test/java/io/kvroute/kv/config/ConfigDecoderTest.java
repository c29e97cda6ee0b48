package io.kvroute.kv.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.layout.EncodeOptions;
import io.kvroute.kv.layout.EncodedPairs;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.StructListNaming;
import io.kvroute.kv.layout.TraefikKvEncoder;
import io.kvroute.kv.layout.V1KvEncoder;
import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TlsCertificate;
import io.kvroute.kv.model.TlsConfig;
import io.kvroute.kv.model.TraefikJsonMapper;
import io.kvroute.kv.model.V1JsonMapper;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.testing.TraefikVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigDecoderTest {

    static List<String> configurationVectors() {
        return TraefikVectors.configurationVectors();
    }

    @ParameterizedTest
    @MethodSource("configurationVectors")
    void decodesEveryVectorToItsExpectedConfiguration(String name) {
        DecodedConfig decoded = ConfigDecoder.decode(TraefikVectors.pairs(name), "traefik", LayoutChoice.AUTO);

        assertThat(decoded.traefikJson()).isEqualTo(TraefikVectors.expectedConfiguration(name));
    }

    @ParameterizedTest
    @MethodSource("configurationVectors")
    void encodingTheDecodedModelAndDecodingAgainGivesTheSameModel(String name) {
        List<KvPair> pairs = TraefikVectors.pairs(name);
        DecodedConfig first = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);

        List<KvPair> encoded = new ArrayList<>();
        if (first.layouts().contains(Layout.V1)) {
            String v1Root = pairs.get(0).key().startsWith("/") ? "/traefik" : "traefik";
            EncodedPairs v1 = V1KvEncoder.encode(V1JsonMapper.toV1Json(first.model()).json(), v1Root);
            encoded.addAll(v1.pairs());
        } else {
            ObjectNode json = first.model().equals(HttpConfig.empty()) ? JsonNodeFactory.instance.objectNode()
                    : TraefikJsonMapper.toJson(first.model());
            if (!first.tls().equals(TlsConfig.empty())) {
                json.setAll(TraefikJsonMapper.toJson(first.tls()));
            }
            EncodedPairs v3 = TraefikKvEncoder.encode(json, "traefik",
                    EncodeOptions.of(Layout.V3).withNaming(certificatesById(first)));
            assertThat(v3.problems()).isEmpty();
            encoded.addAll(v3.pairs());
        }
        DecodedConfig second = ConfigDecoder.decode(encoded, "traefik", LayoutChoice.AUTO);

        assertThat(second.model()).isEqualTo(first.model());
        assertThat(second.tls()).isEqualTo(first.tls());
    }

    /** Servers by their ids, certificates by theirs. */
    private static StructListNaming certificatesById(DecodedConfig decoded) {
        StructListNaming servers = ServerIdNaming.of(decoded.model(), "traefik");
        List<String> ids = decoded.tls().certificates().stream().map(TlsCertificate::id).toList();
        String certificates = DynamicKeys.under("traefik").tlsCertificates();
        return (listKey, index, size, element) -> listKey.equals(certificates) ? ids.get(index)
                : servers.childName(listKey, index, size, element);
    }

    @Test
    void serversAreNamedByTheirKeySegmentSoRemovingOneRenamesNoOther() {
        List<KvPair> pairs = List.of(
                KvPair.of("traefik/http/services/app/loadBalancer/servers/node1--a/url", "http://127.0.0.1:8081"),
                KvPair.of("traefik/http/services/app/loadBalancer/servers/node2--b/url", "http://127.0.0.1:8082"),
                KvPair.of("traefik/http/services/app/loadBalancer/servers/Node2--B/weight", "2"),
                KvPair.of("traefik/http/services/app/loadBalancer/servers/734211/url", "http://127.0.0.1:8083"));

        LoadBalancerService app = (LoadBalancerService) ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO)
                .model().service("app").orElseThrow();
        LoadBalancerService withoutFirst = (LoadBalancerService) ConfigDecoder.decode(pairs.subList(1, 4), "traefik",
                LayoutChoice.AUTO).model().service("app").orElseThrow();

        assertThat(app.servers()).extracting(Server::id).containsExactly("734211", "Node2--B", "node1--a");
        assertThat(app.servers()).filteredOn(s -> s.id().equals("Node2--B")).singleElement()
                .satisfies(s -> assertThat(s.effectiveWeight()).isEqualTo(2));
        assertThat(withoutFirst.servers()).extracting(Server::id).containsExactly("734211", "Node2--B");
    }

    @Test
    void aBrokenRouterIsReportedWhileItsNeighbourStays() {
        List<KvPair> pairs = List.of(
                KvPair.of("traefik/http/routers/good/rule", "Host(`a.example.com`)"),
                KvPair.of("traefik/http/routers/good/service", "app"),
                KvPair.of("traefik/http/routers/bad/rule", "Host(`b.example.com`)"),
                KvPair.of("traefik/http/routers/bad/service", "app"),
                KvPair.of("traefik/http/routers/bad/priority", "high"),
                KvPair.of("traefik/http/services/app/loadBalancer/servers/h-node1-web-1/url", "http://127.0.0.1:8081"));

        DecodedConfig decoded = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);

        assertThat(decoded.model().routers()).containsOnlyKeys("good");
        assertThat(decoded.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("traefik/http/routers/bad/priority");
            assertThat(p.value()).isEqualTo("high");
            assertThat(p.isError()).isTrue();
            assertThat(p.entity()).contains(EntityRef.router("bad"));
        });
    }

    @Test
    void aRouterWithRuleSyntaxV2IsReadCheckedAndWrittenInV2() {
        String template = "HostRegexp(`{sub:[a-z]+}.example.com`) && Path(`/api/{id:[0-9]+}`)";
        List<KvPair> pairs = List.of(
                KvPair.of("traefik/http/routers/v2/rule", template),
                KvPair.of("traefik/http/routers/v2/ruleSyntax", "v2"),
                KvPair.of("traefik/http/routers/v2/service", "app"),
                KvPair.of("traefik/http/routers/v3/rule", template),
                KvPair.of("traefik/http/routers/v3/service", "app"),
                KvPair.of("traefik/http/routers/badv2/rule", "Path(`/api/{id:[0-9}`)"),
                KvPair.of("traefik/http/routers/badv2/ruleSyntax", "v2"),
                KvPair.of("traefik/http/routers/badv2/service", "app"),
                KvPair.of("traefik/http/services/app/loadBalancer/servers/s1/url", "http://127.0.0.1:8081"));

        DecodedConfig decoded = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);

        assertThat(decoded.model().routers().get("v2").syntax()).isEqualTo(RuleSyntax.V2);
        assertThat(decoded.model().routers().get("v3").syntax()).isEqualTo(RuleSyntax.V3);
        assertThat(decoded.problems()).extracting(p -> p.key() + " " + p.reason().startsWith("rule: column "))
                .containsExactlyInAnyOrder("traefik/http/routers/v3/rule true", "traefik/http/routers/badv2/rule true");
        EncodedPairs encoded = TraefikKvEncoder.encode(TraefikJsonMapper.toJson(decoded.model()), "traefik",
                EncodeOptions.of(Layout.V3));
        assertThat(encoded.pairs()).contains(KvPair.of("traefik/http/routers/v2/ruleSyntax", "v2"));
        assertThat(ConfigDecoder.decode(encoded.pairs(), "traefik", LayoutChoice.AUTO).model().routers())
                .isEqualTo(decoded.model().routers());
    }

    @Test
    void aRuleThatDoesNotParseIsAnErrorOnItsRouterWithTheColumn() {
        List<KvPair> pairs = List.of(
                KvPair.of("traefik/http/routers/web/rule", "Host(`a`) && "),
                KvPair.of("traefik/http/routers/web/service", "app"),
                KvPair.of("traefik/http/services/app/loadBalancer/servers/s1/url", "http://127.0.0.1:8081"));

        DecodedConfig decoded = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);

        assertThat(decoded.model().routers()).containsKey("web");
        assertThat(decoded.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("traefik/http/routers/web/rule");
            assertThat(p.reason()).startsWith("rule: column ");
            assertThat(p.entity()).contains(EntityRef.router("web"));
        });
    }

    @Test
    void seedFourV1KeysWithALeadingSlashDecodeAndRulesAreChecked() {
        List<KvPair> pairs = List.of(
                KvPair.of("/traefik/backends/backend1/servers/server1/url", "http://127.0.0.1:8081"),
                KvPair.of("/traefik/backends/backend1/servers/server1/weight", "1"),
                KvPair.of("/traefik/frontends/frontend1/backend", "backend1"),
                KvPair.of("/traefik/frontends/frontend1/routes/test_1/rule", "Host:nginx.example.com"),
                KvPair.of("/traefik/frontends/broken/backend", "backend1"),
                KvPair.of("/traefik/frontends/broken/routes/r/rule", "Hots:x"));

        DecodedConfig decoded = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);

        assertThat(decoded.layouts()).containsExactly(Layout.V1);
        assertThat(decoded.model().routers()).containsKeys("frontend1", "broken");
        assertThat(decoded.model().service("backend1")).isPresent();
        assertThat(decoded.problems()).extracting(Problem::key)
                .containsExactly("/traefik/frontends/broken/routes/r/rule");
    }

    @Test
    void v1AndV3UnderOneRootAreBothDecodedAndAClashIsReported() {
        List<KvPair> pairs = List.of(
                KvPair.of("traefik/http/routers/web/rule", "Host(`a`)"),
                KvPair.of("traefik/http/routers/web/service", "app"),
                KvPair.of("traefik/http/services/app/loadBalancer/servers/s1/url", "http://127.0.0.1:8081"),
                KvPair.of("traefik/backends/app/servers/s1/url", "http://127.0.0.1:8082"),
                KvPair.of("traefik/frontends/old/backend", "app"),
                KvPair.of("traefik/frontends/old/routes/r/rule", "Host:old.example.com"));

        DecodedConfig decoded = ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);

        assertThat(decoded.layouts()).containsExactlyInAnyOrder(Layout.V1, Layout.V3);
        assertThat(decoded.traefikJson().fieldNames()).toIterable().containsExactlyInAnyOrder("http", "backends", "frontends");
        assertThat(decoded.model().routers()).containsOnlyKeys("web", "old");
        assertThat(decoded.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("traefik/backends/app");
            assertThat(p.isError()).isFalse();
            assertThat(p.entity()).isEqualTo(Optional.of(EntityRef.service("app")));
        });
    }
}
