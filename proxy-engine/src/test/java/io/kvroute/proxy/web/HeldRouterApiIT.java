package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.etcd.EtcdKvStore;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.ServedApi;
import java.net.InetSocketAddress;
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

    private static final String ROUTER = "/api/http/routers/web@etcd";

    private EtcdKvStore kv;
    private ServedApi api;

    @BeforeEach
    void start() {
        kv = new EtcdKvStore(etcd.settings());
        kv.commit(KvTransaction.builder()
                .put("traefik/http/routers/web/rule", "Host(`app.test`)")
                .put("traefik/http/routers/web/service", "app")
                .put("traefik/http/services/app/loadBalancer/servers/node1--web/url", "http://127.0.0.1:8081")
                .build());
        api = ServedApi.start(kv, ProxySettings.of("traefik", Map.of("web", new InetSocketAddress("127.0.0.1", 0))));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aHeldRouterIsShownWithAWarningUntilTheHoldEnds() throws Exception {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .untilAsserted(() -> assertThat(api.get(ROUTER).path("status").asText()).isEqualTo("enabled"));
        assertThat(api.get("/api/http/services/app@etcd").get("serverStatus").toString())
                .isEqualTo("{\"http://127.0.0.1:8081\":\"UP\"}");

        kv.commit(KvTransaction.builder()
                .delete("traefik/http/routers/web/rule")
                .delete("traefik/http/routers/web/service")
                .build());

        await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .untilAsserted(() -> {
                    JsonNode held = api.get(ROUTER);
                    assertThat(held.path("status").asText()).isEqualTo("warning");
                    assertThat(held.path("rule").asText()).isEqualTo("Host(`app.test`)");
                    assertThat(held.path("error").toString()).contains("held: its keys are gone from the store");
                });
        await().atMost(Duration.ofSeconds(5)).until(() -> api.status(ROUTER) == 404);
    }
}
