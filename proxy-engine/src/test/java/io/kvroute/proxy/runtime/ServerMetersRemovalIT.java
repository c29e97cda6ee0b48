package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.Backend;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-server meters ({@code kvroute.server.requests} and {@code kvroute.server.latency}) over a real etcd,
 * ProxyRuntime and two backends, on a registry whose clock the test moves: a server that left the configuration keeps
 * its meters while its last request is within the 5-minute window, and loses them at the first reload after it; a
 * server still configured keeps them however idle.
 */
class ServerMetersRemovalIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final String SERVERS = "traefik/http/services/shop/loadBalancer/servers/";
    private final HttpClient http = HttpClient.newHttpClient();
    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private List<Backend> backends;
    private EtcdKvStore kv;
    private ProxyRuntime runtime;

    @BeforeEach
    void start() {
        backends = List.of(Backend.start("alpha"), Backend.start("beta"));
        kv = new EtcdKvStore(etcd.settings());
        kv.commit(KvTransaction.builder().deletePrefix("traefik").build());
        kv.commit(KvTransaction.builder()
                .put("traefik/http/routers/shop/rule", "PathPrefix(`/shop`)")
                .put("traefik/http/routers/shop/entryPoints/0", "web")
                .put("traefik/http/routers/shop/service", "shop")
                .put(SERVERS + "node1--alpha/url", backends.get(0).url())
                .put(SERVERS + "node2--beta/url", backends.get(1).url())
                .build());
        runtime = ProxyRuntime.start(kv, ProxySettings.of("traefik", Map.of(
                "web", new InetSocketAddress("127.0.0.1", 0))), registry);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> proxied("/shop") == 200);
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        kv.close();
        backends.forEach(Backend::close);
    }

    @Test
    void aServerThatLeftLosesItsMetersOnceIdleForTheWindowAConfiguredOneKeepsThem() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(proxied("/shop/" + i)).isEqualTo(200);
        }
        assertThat(metered("kvroute.server.requests")).containsExactly("node1--alpha", "node2--beta");
        assertThat(metered("kvroute.server.latency")).containsExactly("node1--alpha", "node2--beta");

        kv.commit(KvTransaction.builder().deletePrefix(SERVERS + "node1--alpha/").build());
        reload("first");
        assertThat(metered("kvroute.server.requests")).as("alpha left within the window: its meters stay")
                .containsExactly("node1--alpha", "node2--beta");

        clock.add(RequestMetrics.SERVER_WINDOW.plusSeconds(1));
        reload("second");

        assertThat(metered("kvroute.server.requests")).containsExactly("node2--beta");
        assertThat(metered("kvroute.server.latency")).containsExactly("node2--beta");
        assertThat(proxied("/shop/again")).isEqualTo(200);
        assertThat(registry.find("kvroute.server.requests").tag("server", "node2--beta").counter().count())
                .as("beta's counter carried on").isGreaterThanOrEqualTo(4);
    }

    /**
     * Makes the proxy serve two more configurations (routers {@code name}-a, then {@code name}-b) and waits for the
     * second: the pipeline applies them in order, so the first one's reload is done by then.
     */
    private void reload(String name) {
        for (String router : List.of(name + "-a", name + "-b")) {
            kv.commit(KvTransaction.builder()
                    .put("traefik/http/routers/" + router + "/rule", "PathPrefix(`/" + router + "`)")
                    .put("traefik/http/routers/" + router + "/entryPoints/0", "web")
                    .put("traefik/http/routers/" + router + "/service", "shop")
                    .build());
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> proxied("/" + router) == 200);
        }
    }

    /** The server ids with a meter named {@code name}, sorted. */
    private Set<String> metered(String name) {
        return registry.find(name).meters().stream()
                .map(meter -> meter.getId().getTag("server"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private int proxied(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.address("web").getPort()
                + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
