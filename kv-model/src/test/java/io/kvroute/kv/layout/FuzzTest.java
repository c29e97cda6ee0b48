package io.kvroute.kv.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random keys and values (seeded): no decoder or encoder throws, and decoded configs survive a round trip. */
class FuzzTest {
    private static final String[] SEGMENTS = {"traefik", "TRAEFIK", "http", "HTTP", "tcp", "tls", "httpx",
        "routers", "services", "middlewares", "serversTransports", "models", "r", "R", "s", "m", "0", "1", "10",
        "007", "", "loadBalancer", "loadbalancer", "servers", "url", "weight", "healthCheck", "interval",
        "sticky", "cookie", "tls", "domains", "sans", "rule", "priority", "entryPoints", "middlewares",
        "stripPrefix", "prefixes", "headers", "customRequestHeaders", "X-A", "compress", "rateLimit", "period",
        "plugin", "weighted", "mirroring", "mirrors", "percent", "failover", "errors", "statusRewrites", "404",
        "backends", "frontends", "alias", "passhostheader", "entrypoints", "auth", "basic", "users", "ratelimit",
        "rateset", "redirect", "loadbalancer", "stickiness", "maxconn", "amount", "[0]", "µ", "a,b"};
    private static final String[] TLS_SEGMENTS = {"traefik", "tls", "TLS", "certificates", "Certificates", "options",
        "stores", "o", "s", "0", "1", "10", "", "certFile", "keyFile", "certfile", "stores", "default", "minVersion",
        "cipherSuites", "curvePreferences", "clientAuth", "caFiles", "clientAuthType", "sniStrict", "alpnProtocols",
        "disableSessionTickets", "preferServerCipherSuites", "defaultCertificate", "defaultGeneratedCert",
        "resolver", "domain", "main", "sans", "x", "[0]"};
    private static final String[] VALUES = {"", "true", "false", "TRUE", "x", "0", "-1", "42", "1.5", "1s",
        "1m30s", "9223372036854775808", "99999999999", "a,b", " , ", "http://a", "Host(`a`)", "1.5h", "-", "µs"};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void neverThrowsOnRandomPairs(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 50; round++) {
            List<KvPair> pairs = randomPairs(random);
            String prefix = random.nextBoolean() ? "traefik" : "/traefik";
            assertThatCode(() -> {
                DecodedTree dynamic = TraefikKvDecoder.decode(pairs, prefix);
                EncodedPairs encoded = TraefikKvEncoder.encode(dynamic.config(), "traefik",
                        EncodeOptions.of(Layout.V3));
                DecodedTree again = TraefikKvDecoder.decode(encoded.pairs(), "traefik");
                assertThat(withoutEmptyObjects(again.config())).isEqualTo(withoutEmptyObjects(dynamic.config()));
                TraefikKvEncoder.encode(dynamic.config(), "traefik", EncodeOptions.of(Layout.V2)
                        .withSkipDefaults(true));

                DecodedTree v1 = V1KvDecoder.decode(pairs, prefix);
                DecodedTree v1Again = V1KvDecoder.decode(V1KvEncoder.encode(v1.config(), "traefik").pairs(),
                        "traefik");
                assertThat(v1Again.config()).isEqualTo(v1.config());
                LayoutDetector.decodeAll(pairs, prefix);
            }).as("seed %d round %d pairs %s", seed, round, pairs).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void neverThrowsOnRandomTlsPairsAndTheirDecodeRoundTrips(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 50; round++) {
            List<KvPair> pairs = new ArrayList<>();
            int count = 1 + random.nextInt(20);
            for (int i = 0; i < count; i++) {
                StringBuilder key = new StringBuilder("traefik/" + TLS_SEGMENTS[1 + random.nextInt(2)]);
                int depth = 1 + random.nextInt(6);
                for (int d = 0; d < depth; d++) {
                    key.append('/').append(TLS_SEGMENTS[random.nextInt(TLS_SEGMENTS.length)]);
                }
                pairs.add(KvPair.of(key.toString(), VALUES[random.nextInt(VALUES.length)]));
            }
            assertThatCode(() -> {
                DecodedTree tls = TraefikKvDecoder.decode(pairs, "traefik");
                EncodedPairs encoded = TraefikKvEncoder.encode(tls.config(), "traefik", EncodeOptions.of(Layout.V3));
                DecodedTree again = TraefikKvDecoder.decode(encoded.pairs(), "traefik");
                assertThat(withoutEmptyObjects(again.config())).isEqualTo(withoutEmptyObjects(tls.config()));
                ConfigDecoder.decode(pairs, "traefik", LayoutChoice.AUTO);
            }).as("seed %d round %d pairs %s", seed, round, pairs).doesNotThrowAnyException();
        }
    }

    /**
     * An empty struct has no key to carry it (the encoder warns "not written"), so round trips are compared
     * without empty objects (an empty element of a struct list included).
     */
    private static JsonNode withoutEmptyObjects(JsonNode node) {
        if (!node.isContainerNode()) {
            return node;
        }
        JsonNode copy = node.deepCopy();
        prune(copy);
        return copy;
    }

    private static boolean prune(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(e -> prune(e.getValue()));
            return object.isEmpty();
        }
        if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (array.get(i) instanceof ObjectNode && prune(array.get(i))) {
                    array.remove(i);
                }
            }
            return array.isEmpty();
        }
        return false;
    }

    private static List<KvPair> randomPairs(Random random) {
        List<KvPair> pairs = new ArrayList<>();
        int count = 1 + random.nextInt(25);
        for (int i = 0; i < count; i++) {
            StringBuilder key = new StringBuilder(random.nextInt(10) == 0 ? "/traefik" : "traefik");
            int depth = 1 + random.nextInt(8);
            for (int d = 0; d < depth; d++) {
                key.append('/').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
            }
            pairs.add(KvPair.of(key.toString(), VALUES[random.nextInt(VALUES.length)]));
        }
        return pairs;
    }
}
