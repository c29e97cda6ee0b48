package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The headers a server receives: X-Forwarded-* and X-Real-IP set by the proxy as Traefik's entry point sets them
 * (before routing, X-Forwarded-Server its host name), and the Host passHostHeader picks.
 */
class ForwardedHeadersIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend backend = HARNESS.backend("backend");
    private final RunningProxy proxy = HARNESS.proxy();

    @Test
    void forwardedHeadersAndRealIpDescribeTheClientRequestNotWhatItClaims() {
        proxy.apply(new TraefikKeys().router("fwd", "Host(`fwd.test`)", "fwd").server("fwd", "one", backend.url()).build());

        HttpResponse<String> response = proxy.send(proxy.request("fwd.test:8000", "/where?x=1")
                .header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Host", "spoofed.test")
                .header("X-Forwarded-Port", "1").header("X-Real-IP", "203.0.113.9").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        Backend.Received received = backend.received().get(0);
        assertThat(received.uri()).isEqualTo("/where?x=1");
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("fwd.test:8000");
        assertThat(received.header("X-Forwarded-Port")).isEqualTo("8000");
        assertThat(received.header("X-Real-IP")).isEqualTo("127.0.0.1");
    }

    @Test
    void forwardedServerIsTheProxysHostNameAsTraefiksOsHostname() throws IOException {
        proxy.apply(new TraefikKeys().router("srv", "Host(`srv.test`)", "srv").server("srv", "one", backend.url()).build());

        HttpResponse<String> response = proxy.send(proxy.request("srv.test", "/")
                .header("X-Forwarded-Server", "spoofed.test").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        String hostName = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        assertThat(backend.received().get(0).header("X-Forwarded-Server")).isEqualTo(hostName);
    }

    @Test
    void rulesSeeTheForwardedHeadersTheEntryPointSets() {
        proxy.apply(new TraefikKeys()
                .router("plain", "Host(`rules.test`) && Header(`X-Forwarded-Proto`, `http`)"
                        + " && HeaderRegexp(`X-Forwarded-Host`, `^rules\\.test$`)", "plain")
                .server("plain", "one", backend.url()).build());

        assertThat(proxy.get("rules.test", "/").statusCode()).isEqualTo(200);
    }

    @Test
    void forwardedHeadersAMiddlewareRemovesDoNotReachTheServer() {
        proxy.apply(new TraefikKeys().router("bare", "Host(`bare.test`)", "bare").server("bare", "one", backend.url())
                .middleware("strip", "headers/customRequestHeaders/X-Forwarded-Proto", "")
                .middleware("strip", "headers/customRequestHeaders/X-Forwarded-Server", "")
                .middleware("strip", "headers/customRequestHeaders/X-Forwarded-Host", "")
                .middleware("strip", "headers/customRequestHeaders/X-Forwarded-Port", "")
                .middlewares("bare", "strip").build());

        assertThat(proxy.get("bare.test", "/").statusCode()).isEqualTo(200);

        Backend.Received received = backend.received().get(0);
        assertThat(received.header("X-Forwarded-Proto")).isNull();
        assertThat(received.header("X-Forwarded-Server")).isNull();
        assertThat(received.header("X-Forwarded-Host")).isNull();
        assertThat(received.header("X-Forwarded-Port")).isNull();
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
    }

    @Test
    void aForwardedForAMiddlewareSetsReachesTheServerWithTheClientAppendedAsTraefikWritesIt() {
        proxy.apply(new TraefikKeys().router("set", "Host(`set.test`)", "set").server("set", "one", backend.url())
                .middleware("chain", "headers/customRequestHeaders/X-Forwarded-For", "198.51.100.7")
                .middlewares("set", "chain").build());

        assertThat(proxy.get("set.test", "/").statusCode()).isEqualTo(200);

        assertThat(backend.received().get(0).header("X-Forwarded-For")).isEqualTo("198.51.100.7, 127.0.0.1");
    }

    @Test
    void passHostHeaderByDefaultKeepsTheClientsHost() {
        proxy.apply(new TraefikKeys().router("kept", "Host(`kept.test`)", "kept").server("kept", "one", backend.url()).build());

        assertThat(proxy.get("kept.test", "/").statusCode()).isEqualTo(200);

        assertThat(backend.received().get(0).header("Host")).isEqualTo("kept.test");
    }

    @Test
    void passHostHeaderFalseSendsTheServersHost() {
        proxy.apply(new TraefikKeys().router("own", "Host(`own.test`)", "own").server("own", "one", backend.url())
                .loadBalancer("own", "passHostHeader", "false").build());

        assertThat(proxy.get("own.test", "/").statusCode()).isEqualTo(200);

        Backend.Received received = backend.received().get(0);
        assertThat(received.header("Host")).isEqualTo("127.0.0.1:" + backend.port());
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("own.test");
        assertThat(received.header("X-Forwarded-Port")).isEqualTo("80");
    }
}
