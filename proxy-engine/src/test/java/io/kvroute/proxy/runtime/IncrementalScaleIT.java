package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 24,000 keys in the v2/v3 layout (2,000 routers, 2,000 services of 5 servers with url and weight, a few
 * middlewares), written through etcd in transactions of at most 128 operations (etcd's limit) while the proxy runs:
 * the whole configuration serves soon after the last commit, and then one changed key at a time routes within a
 * bound that a decode of everything per change would not keep. Prints the first load and the change latencies.
 */
class IncrementalScaleIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final int SERVICES = 2_000;
    private static final int SERVERS_PER_SERVICE = 5;
    private static final int MIDDLEWARES = 4;
    private static final int OPS_PER_TRANSACTION = 128;
    private static final int CHANGES = 20;
    private static final Duration FIRST_LOAD_LIMIT = Duration.ofSeconds(30);
    private static final Duration CHANGE_LIMIT = Duration.ofSeconds(5);

    private final Backend backend = HARNESS.backend("scale");
    private final RunningProxy proxy = HARNESS.proxy();

    @Test
    void aChangedKeyAmong24000RoutesWithinMillisecondsOfItsPut() {
        List<Map<String, String>> transactions = transactions(keys());
        for (Map<String, String> transaction : transactions.subList(0, transactions.size() - 1)) {
            proxy.put(transaction);
        }
        long start = System.nanoTime();
        proxy.put(transactions.get(transactions.size() - 1));
        Duration firstLoad = untilRouted("svc" + (SERVICES - 1) + ".scale.test", start, FIRST_LOAD_LIMIT);

        List<Duration> changes = new ArrayList<>();
        for (int i = 0; i < CHANGES; i++) {
            String router = "svc" + (i * (SERVICES / CHANGES));
            String host = "changed" + i + ".scale.test";
            long put = System.nanoTime();
            proxy.put(Map.of("traefik/http/routers/" + router + "/rule", "Host(`" + host + "`)"));
            changes.add(untilRouted(host, put, CHANGE_LIMIT));
        }

        List<Duration> sorted = changes.stream().sorted().toList();
        System.out.printf("%d keys in %d transactions: last commit -> serving %d ms; one-key change -> routed over %d"
                + " changes: p50 %d ms, p99 %d ms, max %d ms%n", transactions.stream().mapToInt(Map::size).sum(),
                transactions.size(), firstLoad.toMillis(), CHANGES, sorted.get(CHANGES / 2 - 1).toMillis(),
                sorted.get((int) Math.ceil(CHANGES * 0.99) - 1).toMillis(), sorted.get(CHANGES - 1).toMillis());
        assertThat(proxy.runtime().snapshot().routing().routes()).hasSize(SERVICES);
        assertThat(proxy.runtime().snapshot().routing().balancers().balancers()).hasSize(SERVICES);
        assertThat(proxy.get("svc1.scale.test", "/").statusCode()).isEqualTo(200);
        assertThat(proxy.get("svc0.scale.test", "/").statusCode()).as("svc0's rule changed").isEqualTo(404);
    }

    /** Routers with their services (5 servers each, url and weight), some through a middleware. */
    private Map<String, String> keys() {
        TraefikKeys keys = new TraefikKeys();
        for (int m = 0; m < MIDDLEWARES; m++) {
            keys.middleware("headers" + m, "headers/customRequestHeaders/X-Scale", Integer.toString(m));
        }
        for (int s = 0; s < SERVICES; s++) {
            keys.router("svc" + s, "Host(`svc" + s + ".scale.test`)", "svc" + s);
            if (s % 100 == 0) {
                keys.middlewares("svc" + s, "headers" + (s / 100 % MIDDLEWARES));
            }
            for (int i = 0; i < SERVERS_PER_SERVICE; i++) {
                keys.server("svc" + s, "node" + i + "--svc" + s, backend.url(), 1);
            }
        }
        return keys.build();
    }

    private static List<Map<String, String>> transactions(Map<String, String> keys) {
        List<Map<String, String>> transactions = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (Map.Entry<String, String> key : keys.entrySet()) {
            if (current.size() == OPS_PER_TRANSACTION) {
                transactions.add(current);
                current = new LinkedHashMap<>();
            }
            current.put(key.getKey(), key.getValue());
        }
        transactions.add(current);
        return transactions;
    }

    /** The time from {@code start} until {@code host} answers 200 (404 until then), within {@code limit}. */
    private Duration untilRouted(String host, long start, Duration limit) {
        long deadline = start + limit.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = proxy.get(host, "/");
            if (response.statusCode() == 200) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            assertThat(response.statusCode()).isEqualTo(404);
        }
        throw new AssertionError(host + " not routed within " + limit);
    }
}
