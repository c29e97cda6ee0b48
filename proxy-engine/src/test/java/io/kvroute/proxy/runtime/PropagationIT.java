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

/** A key put in etcd routes within milliseconds; v1 keys written with etcdctl as in the 2016 guide route too. */
class PropagationIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final int SAMPLES = 20;
    private static final Duration SAMPLE_LIMIT = Duration.ofSeconds(5);

    private final Backend backend = HARNESS.backend("nginx");
    private final RunningProxy proxy = HARNESS.proxy();

    @Test
    void aNewHostRoutesWithinMillisecondsOfItsPut() {
        proxy.apply(new TraefikKeys().server("warm", "one", backend.url()).build());
        List<Duration> samples = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            String host = "new" + i + ".prop.test";
            long start = System.nanoTime();
            proxy.put(new TraefikKeys().router("new" + i, "Host(`" + host + "`)", "new" + i)
                    .server("new" + i, "one", backend.url()).build());
            samples.add(untilRouted(host, start));
        }

        List<Duration> sorted = samples.stream().sorted().toList();
        Duration p50 = sorted.get(SAMPLES / 2 - 1);
        Duration p99 = sorted.get(SAMPLES - 1);
        System.out.printf("put -> first 200 over %d samples: p50 %d ms, p99 %d ms%n", SAMPLES, p50.toMillis(),
                p99.toMillis());
        assertThat(p99).isLessThan(Duration.ofSeconds(2));
    }

    private Duration untilRouted(String host, long start) {
        long deadline = start + SAMPLE_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = proxy.get(host, "/");
            if (response.statusCode() == 200) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            assertThat(response.statusCode()).isEqualTo(404);
        }
        throw new AssertionError(host + " not routed within " + SAMPLE_LIMIT);
    }

    @Test
    void theGuidesEtcdctlKeysRouteNginxByHostAndTheirRemovalStopsIt() {
        Map<String, String> guide = new LinkedHashMap<>();
        guide.put("/traefik/backends/backend1/servers/server1/url", backend.url());
        guide.put("/traefik/backends/backend1/servers/server1/weight", "1");
        guide.put("/traefik/frontends/frontend1/backend", "backend1");
        guide.put("/traefik/frontends/frontend1/routes/test_1/rule", "Host:nginx.example.com");
        proxy.apply(guide);

        HttpResponse<String> routed = proxy.get("nginx.example.com", "/");
        HttpResponse<String> otherHost = proxy.get("apache.example.com", "/");

        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(routed.body()).isEqualTo("nginx");
        assertThat(otherHost.statusCode()).isEqualTo(404);

        proxy.awaitRevision(proxy.delete(guide.keySet().toArray(String[]::new)));

        assertThat(proxy.get("nginx.example.com", "/").statusCode()).isEqualTo(404);
    }
}
