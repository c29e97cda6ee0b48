package io.kvroute.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.testing.UnansweredServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's status for a connect that failed (its proxy's {@code ComputeStatusCode}) on the servers spoken to in
 * HTTP/1.1, whose connections come from Undertow's keep-alive pool: {@code http://} servers and {@code https://}
 * servers whose transport sets {@code disableHTTP2}: a refused connection 502 (ProxyHandler answered 503), a dial
 * past the transport's {@code dialTimeout} 504. Each service has one server, so the request fails after its one
 * attempt.
 */
class KeepAliveConnectFailureIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final RunningProxy proxy = HARNESS.proxy();
    private final UnansweredServer unanswered = UnansweredServer.start();

    @AfterEach
    void closeUnanswered() throws Exception {
        unanswered.close();
    }

    /** A router {@code name} to one server {@code url} on the servers transport {@code transport}. */
    private static TraefikKeys service(TraefikKeys keys, String name, String url, String transport) {
        return keys.router(name, "Host(`" + name + ".test`)", name).server(name, "s", url)
                .loadBalancer(name, "serversTransport", transport);
    }

    @Test
    void aRefusedConnectAnswers502AndADialPastTheDialTimeout504() {
        Backend refusing = Backend.start("refusing");
        refusing.close();
        String closed = "127.0.0.1:" + refusing.port();
        String hanging = unanswered.url().substring("http://".length());
        TraefikKeys keys = new TraefikKeys()
                .serversTransport("http1", "forwardingTimeouts/dialTimeout", "300ms")
                .serversTransport("http1", "disableHTTP2", "true");
        service(keys, "refused", "http://" + closed, "http1");
        service(keys, "refusedtls", "https://" + closed, "http1");
        service(keys, "hanging", "http://" + hanging, "http1");
        service(keys, "hangingtls", "https://" + hanging, "http1");
        proxy.apply(keys.build());

        assertThat(proxy.get("refused.test", "/").statusCode()).isEqualTo(502);
        assertThat(proxy.get("refusedtls.test", "/").statusCode()).isEqualTo(502);
        assertThat(proxy.get("hanging.test", "/").statusCode()).isEqualTo(504);
        assertThat(proxy.get("hangingtls.test", "/").statusCode()).isEqualTo(504);
    }
}
