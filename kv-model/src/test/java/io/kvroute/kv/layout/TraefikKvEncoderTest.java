package io.kvroute.kv.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Severity;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraefikKvEncoderTest {
    private static final ObjectNode SERVICE = Vectors.json("{'http':{'services':{'app':{'loadBalancer':{"
            + "'servers':[{'url':'http://a','weight':3},{'url':'http://b'}],'passHostHeader':true,'strategy':'wrr',"
            + "'responseForwarding':{'flushInterval':'100ms'}}}}}}");

    @Test
    void writesCanonicalKeysInByteOrder() {
        EncodedPairs encoded = TraefikKvEncoder.encode(SERVICE, "traefik", Layout.V3,
                StructListNaming.decimalIndex());

        assertThat(encoded.pairs()).containsExactly(
                KvPair.of("traefik/http/services/app/loadBalancer/passHostHeader", "true"),
                KvPair.of("traefik/http/services/app/loadBalancer/responseForwarding/flushInterval", "100ms"),
                KvPair.of("traefik/http/services/app/loadBalancer/servers/0/url", "http://a"),
                KvPair.of("traefik/http/services/app/loadBalancer/servers/0/weight", "3"),
                KvPair.of("traefik/http/services/app/loadBalancer/servers/1/url", "http://b"),
                KvPair.of("traefik/http/services/app/loadBalancer/strategy", "wrr"));
        assertThat(encoded.problems()).isEmpty();
    }

    @Test
    void theV2EncoderOmitsWeightAndStrategyWithWarnings() {
        EncodedPairs encoded = TraefikKvEncoder.encode(SERVICE, "traefik", EncodeOptions.of(Layout.V2)
                .withSkipDefaults(true));

        assertThat(encoded.pairs()).containsExactly(
                KvPair.of("traefik/http/services/app/loadBalancer/servers/0/url", "http://a"),
                KvPair.of("traefik/http/services/app/loadBalancer/servers/1/url", "http://b"));
        assertThat(encoded.problems()).extracting(Problem::toLine).containsExactly(
                "warning traefik/http/services/app/loadBalancer/servers/0/weight=\"3\": omitted for Traefik v2: "
                        + "weight needs Traefik v3.0 or later",
                "warning traefik/http/services/app/loadBalancer/strategy=\"wrr\": omitted for Traefik v2: "
                        + "strategy needs Traefik v3.4 or later");
        assertThat(encoded.problems()).allSatisfy(p -> assertThat(p.entity()).contains(EntityRef.service("app")));
    }

    @Test
    void namesServersWithTheCallersIds() {
        StructListNaming byHost = (listKey, index, size, element) ->
                "s-" + element.get("url").asText().substring("http://".length());

        EncodedPairs encoded = TraefikKvEncoder.encode(SERVICE, "traefik", EncodeOptions.of(Layout.V3)
                .withNaming(byHost).withSkipDefaults(true));

        assertThat(encoded.pairs()).extracting(KvPair::key).containsExactly(
                "traefik/http/services/app/loadBalancer/servers/s-a/url",
                "traefik/http/services/app/loadBalancer/servers/s-a/weight",
                "traefik/http/services/app/loadBalancer/servers/s-b/url");
        assertThat(TraefikKvDecoder.decode(encoded.pairs(), "traefik").config()).isEqualTo(SERVICE);
    }

    @Test
    void zeroPadsListIndicesBeyondTenItemsSoByteOrderKeepsListOrder() {
        List<String> middlewares = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            middlewares.add("m" + i);
        }
        ObjectNode config = Vectors.json("{'http':{'routers':{'r':{'rule':'x'}}}}");
        ((ObjectNode) config.at("/http/routers/r")).set("middlewares", Vectors.MAPPER.valueToTree(middlewares));

        EncodedPairs encoded = TraefikKvEncoder.encode(config, "traefik", EncodeOptions.of(Layout.V3));

        assertThat(encoded.pairs()).extracting(KvPair::key).contains(
                "traefik/http/routers/r/middlewares/00", "traefik/http/routers/r/middlewares/10");
        assertThat(TraefikKvDecoder.decode(encoded.pairs(), "traefik").config()).isEqualTo(config);
    }

    @Test
    void rejectsListItemsContainingCommas() {
        ObjectNode config = Vectors.json("{'http':{'middlewares':{'m':{'stripPrefixRegex':{'regex':['a{1,3}']}}}}}");

        EncodedPairs encoded = TraefikKvEncoder.encode(config, "traefik", EncodeOptions.of(Layout.V3));

        assertThat(encoded.pairs()).isEmpty();
        assertThat(encoded.problems()).filteredOn(p -> p.severity() == Severity.ERROR).extracting(Problem::reason)
                .containsExactly("regex: item \"a{1,3}\" contains ',' (Traefik splits list items on commas)");
    }

    @Test
    void writesAllowEmptyEmptyObjectsAsEmptyValues() {
        ObjectNode config = Vectors.json("{'http':{'routers':{'r':{'rule':'x','tls':{}}},"
                + "'middlewares':{'c':{'compress':{}}}}}");

        EncodedPairs encoded = TraefikKvEncoder.encode(config, "traefik", EncodeOptions.of(Layout.V3));

        assertThat(encoded.pairs()).containsExactly(
                KvPair.of("traefik/http/middlewares/c/compress", ""),
                KvPair.of("traefik/http/routers/r/rule", "x"),
                KvPair.of("traefik/http/routers/r/tls", ""));
    }

    @Test
    void acceptsScalarsAsTextAndRejectsUnparsableOnes() {
        ObjectNode config = Vectors.json("{'http':{'routers':{'r':{'priority':'7','rule':'x'},"
                + "'bad':{'priority':'high'}},'unknown':{}}}");

        EncodedPairs encoded = TraefikKvEncoder.encode(config, "traefik", EncodeOptions.of(Layout.V3));

        assertThat(encoded.pairs()).containsExactly(
                KvPair.of("traefik/http/routers/r/priority", "7"),
                KvPair.of("traefik/http/routers/r/rule", "x"));
        assertThat(encoded.problems()).extracting(Problem::toLine).containsExactly(
                "error traefik/http/routers/bad/priority=\"high\": priority: \"high\" (expected an integer)",
                "warning traefik/http/routers/bad=\"{\"priority\":\"high\"}\": not written: an empty Router has no "
                        + "key to carry it",
                "error traefik/http/unknown=\"{}\": unknown field \"unknown\" in HTTPConfiguration (expected one of: "
                        + "routers, services, middlewares, models, serversTransports)");
    }
}
