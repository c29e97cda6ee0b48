package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.health.HealthState;
import io.kvroute.proxy.health.ServerHealth;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.testing.UnansweredServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A servers transport's {@code forwardingTimeouts.dialTimeout} through a running proxy, against a server whose
 * connects never complete ({@link UnansweredServer}): a GET goes on to the healthy server, a POST to a service with no
 * other server is answered 504 as in Traefik, both long before the proxy's request timeout, and the unanswering server is ejected with the
 * reason. Latency bounds are generous: they tell seconds from the request timeout.
 */
class DialTimeoutIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final Backend healthy = HARNESS.backend("healthy");
    private final UnansweredServer unanswered = UnansweredServer.start();
    private final RunningProxy proxy = HARNESS.proxy();

    @AfterEach
    void closeUnanswered() throws Exception {
        unanswered.close();
    }

    @Test
    void aConnectPastTheDialTimeoutFailsOverOrFailsAndEjectsTheServer() {
        proxy.apply(new TraefikKeys()
                .router("pair", "Host(`pair.test`)", "pair")
                .server("pair", "unanswered", unanswered.url())
                .server("pair", "healthy", healthy.url())
                .loadBalancer("pair", "serversTransport", "quick-dial")
                .router("lone", "Host(`lone.test`)", "lone")
                .server("lone", "unanswered", unanswered.url())
                .loadBalancer("lone", "serversTransport", "quick-dial")
                .serversTransport("quick-dial", "forwardingTimeouts/dialTimeout", "300ms")
                .build());

        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = proxy.get("pair.test", "/" + i);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("healthy");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        }
        long start = System.nanoTime();
        HttpResponse<String> post = proxy.send(proxy.request("lone.test", "/order")
                .POST(HttpRequest.BodyPublishers.ofString("one pizza")).build());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        assertThat(post.statusCode()).isEqualTo(504);

        for (String service : new String[] {"pair", "lone"}) {
            ServerHealth ejected = await().atMost(BOUND).until(
                    () -> proxy.runtime().health().view().server(new ServerKey(service, "unanswered")).orElseThrow(),
                    health -> health.state() == HealthState.EJECTED);
            assertThat(ejected.ejection().orElseThrow().reason())
                    .isEqualTo("connect to " + unanswered.url() + " timed out after 300ms");
        }
        assertThat(proxy.get("pair.test", "/after").body()).isEqualTo("healthy");
        assertThat(healthy.received()).hasSize(3);
    }
}
