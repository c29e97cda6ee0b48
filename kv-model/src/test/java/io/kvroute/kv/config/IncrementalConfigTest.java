package io.kvroute.kv.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A configuration kept per entity is, after any sequence of puts and deletes, what a full decode of the same pairs
 * gives: the same JSON, model and layouts, the same problems (in another order). The keys are random but shaped like
 * Traefik's, with the cases that couple entities: case variants of a name, scalar lists, references between routers,
 * services and middlewares, keys of other sections, keys Traefik's filter drops, and the keys after which the whole
 * configuration is decoded at once (v1 keys, a value on {@code http} or one of its maps).
 */
class IncrementalConfigTest {
    private static final String[] NAMES = {"a", "A", "b", "web", "7", "[7]", "\u017F", "s", "S"};
    private static final String[] ROUTER_FIELDS = {"rule", "rule", "service", "service", "middlewares/0",
        "middlewares/1", "priority", "entryPoints/0", "tls", "ruleSyntax", "unknownField", ""};
    private static final String[] SERVICE_FIELDS = {"loadBalancer/servers/n1/url", "loadBalancer/servers/N1/url",
        "loadBalancer/servers/n2/url", "loadBalancer/servers/0/url", "loadBalancer/servers/n1/weight",
        "loadBalancer/servers/n2/weight", "loadBalancer/passHostHeader", "loadBalancer/healthCheck/path",
        "loadBalancer/strategy", "weighted/services/0/name", "weighted/services/0/weight", "mirroring/service",
        "loadBalancer/sticky/cookie/name", "loadBalancer/serversTransport", "loadBalancer/serversTransport", ""};
    private static final String[] MIDDLEWARE_FIELDS = {"stripPrefix/prefixes/0", "stripPrefix/prefixes/1",
        "addPrefix/prefix", "rateLimit/average", "headers/customRequestHeaders/X-A", "basicAuth/users/0", ""};
    private static final String[] OTHER_KEYS = {"traefik/tcp/routers/t/rule", "traefik/tls/options/o/minVersion",
        "traefik/tls/options/o/sniStrict", "traefik/tls/stores/default/defaultGeneratedCert/resolver",
        "traefik/tls/certificates/0/certFile", "traefik/tls/certificates/0/stores/0",
        "traefik/http/serversTransports/st/serverName", "traefik/http/serversTransports/a/forwardingTimeouts/dialTimeout",
        "traefik/http/serversTransports/s/forwardingTimeouts/responseHeaderTimeout", "traefik/http/models/m/tls", "traefik/httpx/y",
        "traefik/other", "TRAEFIK/http/routers/a/rule", "traefik//http/routers/a/rule", "traefik/udp/x",
        "traefik/http/unknownSection/x", "traefik/", "traefikx/http/routers/a/rule"};
    private static final String[] WHOLE_KEYS = {"traefik/http", "traefik/http/routers", "traefik/HTTP/Services",
        "traefik/http/routers/3", "traefik/backends/b/servers/s/url", "/traefik/frontends/f/backend"};
    private static final String[] VALUES = {"Host(`a.test`)", "Host(`a.test`", "PathPrefix(`/x`)", "", "a", "A",
        "web", "x@file", "a@etcd", "missing", "m", "strip", "auth@docker", "5", "-1", "x", "true", "http://127.0.0.1:80",
        "http://10.0.0.1:8080", "not a url", "/x", "wrr", "p2c", "user:$apr1$x$y", "v2", "1s", "default@internal"};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void randomPutsAndDeletesGiveWhatAFullDecodeOfTheSamePairsGives(long seed) {
        Random random = new Random(seed);
        IncrementalConfig config = new IncrementalConfig("traefik");
        TreeMap<String, String> pairs = new TreeMap<>();
        int perEntity = 0;
        for (int batch = 0; batch < 120; batch++) {
            List<KvEvent> changes = new ArrayList<>();
            List.of(WHOLE_KEYS).stream().filter(pairs::containsKey).filter(key -> random.nextInt(3) == 0)
                    .forEach(key -> {
                        pairs.remove(key);
                        changes.add(KvEvent.delete(key, 0));
                    });
            int size = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 5);
            for (int i = 0; i < size; i++) {
                if (!pairs.isEmpty() && random.nextInt(10) < 3) {
                    String key = new ArrayList<>(pairs.keySet()).get(random.nextInt(pairs.size()));
                    pairs.remove(key);
                    changes.add(KvEvent.delete(key, batch));
                } else {
                    String key = randomKey(random);
                    String value = VALUES[random.nextInt(VALUES.length)];
                    pairs.put(key, value);
                    changes.add(KvEvent.put(key, value, batch));
                }
            }

            DecodedConfig incremental = config.apply(changes);

            assertSameAsFullDecode(incremental, pairs, "seed " + seed + ", batch " + batch + " " + changes);
            perEntity += List.of(WHOLE_KEYS).stream().noneMatch(pairs::containsKey) ? 1 : 0;
        }
        assertThat(perEntity).as("batches decoded per entity").isGreaterThan(60);
    }

    @Test
    void aChangedKeyReDecodesOnlyItsEntityAndTheReferencesToItAreCheckedAgain() {
        IncrementalConfig config = new IncrementalConfig("traefik");
        config.apply(List.of(
                KvEvent.put("traefik/http/routers/web/rule", "Host(`web.test`)", 1),
                KvEvent.put("traefik/http/routers/web/service", "app", 1),
                KvEvent.put("traefik/http/services/app/loadBalancer/servers/n1/url", "http://127.0.0.1:80", 1)));
        DecodedConfig before = config.current();

        DecodedConfig withoutService = config.apply(List.of(
                KvEvent.delete("traefik/http/services/app/loadBalancer/servers/n1/url", 2)));

        assertThat(before.problems()).isEmpty();
        assertThat(withoutService.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("traefik/http/routers/web/service");
            assertThat(problem.reason()).isEqualTo("service app does not exist");
        });
        assertThat(withoutService.model().router("web")).isEqualTo(before.model().router("web"));
        assertThat(withoutService.layouts()).isEqualTo(Set.of(Layout.V3));
    }

    @Test
    void theTraefikJsonIsPutTogetherWhenAskedForNotKeptWithTheConfiguration() {
        IncrementalConfig config = new IncrementalConfig("traefik");
        DecodedConfig decoded = config.apply(List.of(KvEvent.put("traefik/http/routers/web/rule", "Host(`a`)", 1)));

        assertThat(decoded.traefikJson()).isEqualTo(decoded.traefikJson()).isNotSameAs(decoded.traefikJson());
        assertThat(decoded.traefikJson().at("/http/routers/web/rule").textValue()).isEqualTo("Host(`a`)");
    }

    @Test
    void changesThatChangeNothingReturnTheSameConfiguration() {
        IncrementalConfig config = new IncrementalConfig("traefik");
        DecodedConfig first = config.apply(List.of(KvEvent.put("traefik/http/routers/web/rule", "Host(`a`)", 1)));

        DecodedConfig again = config.apply(List.of(KvEvent.put("traefik/http/routers/web/rule", "Host(`a`)", 2),
                KvEvent.delete("traefik/http/routers/none/rule", 2)));

        assertThat(again).isSameAs(first);
        assertThat(config.pairs()).containsExactly(KvPair.of("traefik/http/routers/web/rule", "Host(`a`)"));
    }

    private static void assertSameAsFullDecode(DecodedConfig incremental, Map<String, String> pairs, String context) {
        List<KvPair> all = pairs.entrySet().stream().map(e -> KvPair.of(e.getKey(), e.getValue())).sorted().toList();
        DecodedConfig full = ConfigDecoder.decode(all, "traefik", LayoutChoice.AUTO);
        assertThat(incremental.traefikJson()).as(context).isEqualTo(full.traefikJson());
        assertThat(incremental.model()).as(context).isEqualTo(full.model());
        assertThat(incremental.tls()).as(context).isEqualTo(full.tls());
        assertThat(incremental.layouts()).as(context).isEqualTo(full.layouts());
        assertThat(incremental.problems()).as(context).containsExactlyInAnyOrderElementsOf(full.problems());
    }

    private static String randomKey(Random random) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return OTHER_KEYS[random.nextInt(OTHER_KEYS.length)];
        }
        if (kind == 1 && random.nextInt(3) == 0) {
            return WHOLE_KEYS[random.nextInt(WHOLE_KEYS.length)];
        }
        String name = NAMES[random.nextInt(NAMES.length)];
        String[] fields = kind < 8 ? ROUTER_FIELDS : kind < 15 ? SERVICE_FIELDS : MIDDLEWARE_FIELDS;
        String section = kind < 8 ? "routers" : kind < 15 ? "services" : "middlewares";
        String http = random.nextInt(15) == 0 ? "HTTP" : "http";
        String field = fields[random.nextInt(fields.length)];
        return "traefik/" + http + "/" + section + "/" + name + (field.isEmpty() ? "" : "/" + field);
    }
}
