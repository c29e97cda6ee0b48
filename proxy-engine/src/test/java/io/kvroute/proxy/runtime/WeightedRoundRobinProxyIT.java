package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Smooth weighted round robin as clients see it: the servers that answer sequential requests through the proxy. */
class WeightedRoundRobinProxyIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend a = HARNESS.backend("a");
    private final Backend b = HARNESS.backend("b");
    private final Backend c = HARNESS.backend("c");
    private final RunningProxy proxy = HARNESS.proxy();

    @Test
    void weightsFiveOneOneAnswerInNginxSmoothOrder() {
        proxy.apply(new TraefikKeys().router("wrr", "Host(`wrr.test`)", "wrr")
                .server("wrr", "a", a.url(), 5).server("wrr", "b", b.url(), 1).server("wrr", "c", c.url(), 1).build());

        List<String> answers = IntStream.range(0, 14).mapToObj(i -> okBody("wrr.test")).toList();

        assertThat(answers).containsExactly("a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a");
    }

    @Test
    void weightsThreeToOneSplitFourHundredRequestsThreeHundredToOneHundred() {
        proxy.apply(new TraefikKeys().router("split", "Host(`split.test`)", "split")
                .server("split", "a", a.url(), 3).server("split", "b", b.url(), 1).build());

        Map<String, Long> answers = IntStream.range(0, 400).mapToObj(i -> okBody("split.test"))
                .collect(Collectors.groupingBy(name -> name, TreeMap::new, Collectors.counting()));

        assertThat(answers).containsExactly(Map.entry("a", 300L), Map.entry("b", 100L));
        assertThat(a.received()).hasSize(300);
        assertThat(b.received()).hasSize(100);
    }

    private String okBody(String host) {
        HttpResponse<String> response = proxy.get(host, "/");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
