package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.testing.KeepAliveServer;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A servers transport's {@code forwardingTimeouts.idleConnTimeout} through a running proxy, against servers that
 * keep connections open and count them: the proxy closes an idle upstream connection of that transport once the
 * timeout passed and opens a new one for the next request, while a service without a transport (Traefik's default,
 * 90 s) keeps its idle connection. A negative {@code maxIdleConnsPerHost} uses each connection once. Bounds are
 * generous: they tell a second from a minute and a half.
 */
class IdleConnectionIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final Duration BOUND = Duration.ofSeconds(15);

    private final KeepAliveServer brief = KeepAliveServer.start();
    private final KeepAliveServer lasting = KeepAliveServer.start();
    private final RunningProxy proxy = HARNESS.proxy();

    @AfterEach
    void closeServers() throws Exception {
        brief.close();
        lasting.close();
    }

    @Test
    void anIdleConnectionIsClosedAfterItsTransportsIdleConnTimeoutAndOnlyThen() {
        proxy.apply(new TraefikKeys()
                .router("brief", "Host(`brief.test`)", "brief")
                .server("brief", "one", brief.url())
                .loadBalancer("brief", "serversTransport", "short-idle")
                .serversTransport("short-idle", "forwardingTimeouts/idleConnTimeout", "1s")
                .router("lasting", "Host(`lasting.test`)", "lasting")
                .server("lasting", "one", lasting.url())
                .build());

        assertThat(proxy.get("brief.test", "/").body()).isEqualTo("ok");
        assertThat(proxy.get("lasting.test", "/").body()).isEqualTo("ok");
        assertThat(brief.connections()).isEqualTo(1);

        await().atMost(BOUND).until(() -> brief.open() == 0);
        assertThat(lasting.open()).isEqualTo(1);

        assertThat(proxy.get("brief.test", "/again").body()).isEqualTo("ok");
        assertThat(proxy.get("lasting.test", "/again").body()).isEqualTo("ok");
        assertThat(brief.connections()).isEqualTo(2);
        assertThat(lasting.connections()).isEqualTo(1);
    }

    @Test
    void aNegativeMaxIdleConnsPerHostUsesEachConnectionOnceAndAPositiveOneKeepsThem() {
        proxy.apply(new TraefikKeys()
                .router("brief", "Host(`brief.test`)", "brief")
                .server("brief", "one", brief.url())
                .loadBalancer("brief", "serversTransport", "no-reuse")
                .serversTransport("no-reuse", "maxIdleConnsPerHost", "-1")
                .router("lasting", "Host(`lasting.test`)", "lasting")
                .server("lasting", "one", lasting.url())
                .loadBalancer("lasting", "serversTransport", "one-idle")
                .serversTransport("one-idle", "maxIdleConnsPerHost", "1")
                .build());

        for (int i = 0; i < 3; i++) {
            assertThat(proxy.get("brief.test", "/" + i).body()).isEqualTo("ok");
            assertThat(proxy.get("lasting.test", "/" + i).body()).isEqualTo("ok");
        }

        assertThat(brief.connections()).isEqualTo(3);
        await().atMost(BOUND).until(() -> brief.open() == 0);
        assertThat(lasting.connections()).isEqualTo(1);
        assertThat(lasting.open()).isEqualTo(1);
    }
}
