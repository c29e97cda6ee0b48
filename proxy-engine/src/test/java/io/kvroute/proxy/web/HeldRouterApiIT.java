package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A router whose keys vanished while its service remains is still routed for a moment (another agent may re-assert
 * it); the API and the dashboard show it as held, with a warning, instead of hiding a router that serves.
 */
class HeldRouterApiIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ROUTER = "/api/http/routers/web@etcd";

    private EtcdKvStore kv;
    private ProxyRuntime runtime;
    private WebServer web;

    @BeforeEach
    void start() {
        kv = new EtcdKvStore(etcd.settings());
        kv.commit(KvTransaction.builder()
                .put("traefik/http/routers/web/rule", "Host(`app.test`)")
                .put("traefik/http/routers/web/service", "app")
                .put("traefik/http/services/app/loadBalancer/servers/node1--web/url", "http://127.0.0.1:8081")
                .build());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        runtime = ProxyRuntime.start(kv, ProxySettings.of("traefik", Map.of("web", new InetSocketAddress("127.0.0.1", 0))),
                registry);
        web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime, registry);
    }

    @AfterEach
    void stop() {
        web.close();
        runtime.close();
        kv.close();
    }

    @Test
    void aHeldRouterIsShownWithAWarningUntilTheHoldEnds() throws Exception {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .untilAsserted(() -> assertThat(router().path("status").asText()).isEqualTo("enabled"));
        assertThat(JSON.readTree(send("/api/http/services/app@etcd").body()).get("serverStatus").toString())
                .isEqualTo("{\"http://127.0.0.1:8081\":\"UP\"}");

        kv.commit(KvTransaction.builder()
                .delete("traefik/http/routers/web/rule")
                .delete("traefik/http/routers/web/service")
                .build());

        await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .untilAsserted(() -> {
                    JsonNode held = router();
                    assertThat(held.path("status").asText()).isEqualTo("warning");
                    assertThat(held.path("rule").asText()).isEqualTo("Host(`app.test`)");
                    assertThat(held.path("error").toString()).contains("held: its keys are gone from the store");
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> send(ROUTER).statusCode() == 404);
    }

    private JsonNode router() throws IOException, InterruptedException {
        HttpResponse<String> response = send(ROUTER);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.address().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
