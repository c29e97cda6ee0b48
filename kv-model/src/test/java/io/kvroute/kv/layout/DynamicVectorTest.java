package io.kvroute.kv.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.store.KvPair;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DynamicVectorTest {
    private static final Set<String> RUNTIME_FIELDS =
            Set.of("status", "using", "usedBy", "serverStatus", "error", "observability");

    static List<String> configVectors() {
        return Vectors.names("v3_").stream()
                .filter(n -> !n.startsWith("v3_09") && !n.startsWith("v3_10"))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("configVectors")
    void decodesToExpected(String name) {
        ObjectNode vector = Vectors.load(name);
        DecodedTree decoded = TraefikKvDecoder.decode(Vectors.pairs(vector.get("pairs")), "traefik");

        assertThat(decoded.problems()).isEmpty();
        assertThat(decoded.config()).isEqualTo(expectedConfig(name, vector.get("expected")));
    }

    @ParameterizedTest
    @MethodSource("configVectors")
    void roundTripsThroughTheEncoder(String name) {
        List<KvPair> pairs = Vectors.pairs(Vectors.load(name).get("pairs"));
        DecodedTree decoded = TraefikKvDecoder.decode(pairs, "traefik");

        EncodedPairs encoded = TraefikKvEncoder.encode(decoded.config(), "traefik", EncodeOptions.of(Layout.V3));
        DecodedTree again = TraefikKvDecoder.decode(encoded.pairs(), "traefik");

        assertThat(encoded.problems()).isEmpty();
        assertThat(again.problems()).isEmpty();
        assertThat(again.config()).isEqualTo(decoded.config());
    }

    @ParameterizedTest
    @MethodSource("configVectors")
    void roundTripsWithDefaultsSkipped(String name) {
        DecodedTree decoded = TraefikKvDecoder.decode(Vectors.pairs(Vectors.load(name).get("pairs")), "traefik");

        EncodedPairs encoded = TraefikKvEncoder.encode(decoded.config(), "traefik",
                EncodeOptions.of(Layout.V3).withSkipDefaults(true));

        assertThat(TraefikKvDecoder.decode(encoded.pairs(), "traefik").config()).isEqualTo(decoded.config());
        assertThat(encoded.problems()).extracting(Problem::toLine).isEmpty();
    }

    /** v3_06 holds /api/rawdata: keep the configuration part under "http" without runtime fields and @etcd. */
    private static JsonNode expectedConfig(String name, JsonNode expected) {
        if (!name.startsWith("v3_06")) {
            return expected;
        }
        ObjectNode http = JsonNodeFactory.instance.objectNode();
        for (String section : List.of("routers", "services", "middlewares")) {
            ObjectNode entities = http.putObject(section);
            for (Map.Entry<String, JsonNode> entry : expected.get(section).properties()) {
                ObjectNode entity = entry.getValue().deepCopy();
                entity.remove(RUNTIME_FIELDS);
                JsonNode middlewares = entity.get("middlewares");
                if (middlewares instanceof ArrayNode refs) {
                    for (int i = 0; i < refs.size(); i++) {
                        refs.set(i, refs.get(i).asText().replace("@etcd", ""));
                    }
                }
                entities.set(entry.getKey().replace("@etcd", ""), entity);
            }
        }
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.set("http", http);
        return config;
    }
}
