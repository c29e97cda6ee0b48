package io.kvroute.kv.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.store.KvPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class V1VectorTest {
    private static final Map<String, List<String>> EXPECTED_PROBLEMS = Map.of(
            "v1_12_name_with_dot.json", List.of("warning traefik/backends/backend.with.dot.too/servers/"
                    + "server.with.dot.without.url=\"\": ignored by Traefik 1.7: servers/"
                    + "server.with.dot.without.url has no url"),
            "v1_13_basic_auth_users.json", List.of(),
            "v1_15_etcd3_nominal.json", List.of());

    static List<String> vectors() {
        return Vectors.names("v1_");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesToExpected(String name) {
        ObjectNode vector = Vectors.load(name);
        String prefix = name.startsWith("v1_15") ? "/traefik" : "traefik";

        DecodedTree decoded = V1KvDecoder.decode(Vectors.pairs(vector.get("pairs")), prefix);

        assertThat(decoded.config()).isEqualTo(vector.get("expected"));
        assertThat(decoded.problems()).extracting(Problem::toLine).isEqualTo(EXPECTED_PROBLEMS.get(name));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesWithTheOtherPrefixSpelling(String name) {
        ObjectNode vector = Vectors.load(name);
        String prefix = name.startsWith("v1_15") ? "traefik" : "/traefik";

        assertThat(V1KvDecoder.decode(Vectors.pairs(vector.get("pairs")), prefix).config())
                .isEqualTo(vector.get("expected"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void roundTripsThroughTheEncoder(String name) {
        List<KvPair> pairs = Vectors.pairs(Vectors.load(name).get("pairs"));
        DecodedTree decoded = V1KvDecoder.decode(pairs, "traefik");

        EncodedPairs encoded = V1KvEncoder.encode(decoded.config(), "/traefik");

        assertThat(encoded.problems()).isEmpty();
        assertThat(encoded.pairs()).allSatisfy(p -> assertThat(p.key()).startsWith("/traefik/"));
        assertThat(V1KvDecoder.decode(encoded.pairs(), "/traefik").config()).isEqualTo(decoded.config());
    }
}
