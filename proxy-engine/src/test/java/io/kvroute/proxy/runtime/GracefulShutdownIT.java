package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A request in flight when the proxy starts to stop is answered before it stops. */
class GracefulShutdownIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void aSlowRequestInFlightAtCloseCompletesWith200() throws Exception {
        try (Backend slow = Backend.start("slow")) {
            RunningProxy proxy = RunningProxy.start(ETCD);
            proxy.apply(new TraefikKeys().router("slow", "Host(`slow.test`)", "slow").server("slow", "one", slow.url())
                    .build());
            slow.delay(Duration.ofMillis(1500));

            CompletableFuture<HttpResponse<String>> inFlight = proxy.client().sendAsync(
                    proxy.request("slow.test", "/").GET().build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.inFlight() == 1);
            proxy.close();

            HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("slow");
        }
    }
}
