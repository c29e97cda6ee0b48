package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code 101 Switching Protocols} from the origin becomes a tunnel only when the client asked for that upgrade and
 * the 101 names it; otherwise the client gets 502 at once, both connections are closed and nothing is tunnelled.
 * Raw sockets on both sides.
 */
class UpgradeResponseIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    private static final String SWITCH = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n";
    private static final String TUNNELLED = "bytes of the new protocol";
    private static final String UPGRADE_REQUEST = "GET /chat HTTP/1.1\r\nHost: upgrade.test\r\nConnection: Upgrade\r\n";

    private RawOrigin origin;
    private RunningProxy proxy;

    private void start(RawOrigin.Answer answer, String response) {
        origin = RawOrigin.start(answer, response);
        proxy = RunningProxy.start(ETCD);
        proxy.apply(new TraefikKeys().router("upgrade", "Host(`upgrade.test`)", "upgrade")
                .server("upgrade", "origin", origin.url()).build());
    }

    @AfterEach
    void stop() {
        proxy.close();
        origin.close();
    }

    private RawExchange send(String request) {
        return RawExchange.send(proxy.runtime().address(RunningProxy.ENTRY_POINT), request, false);
    }

    private void assertRefusedWith502(RawExchange answer) {
        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.received()).doesNotContain("HTTP/1.1 101", TUNNELLED);
        assertThat(answer.closedByProxy()).isTrue();
        await("origin connection closed by the proxy").atMost(Duration.ofSeconds(5))
                .until(() -> origin.connections().stream().allMatch(RawOrigin.Connection::closedByProxy));
    }

    @Test
    void a101ToAPlainGetIs502AtOnce() {
        start(RawOrigin.Answer.ON_HEAD, SWITCH + "Upgrade: websocket\r\n\r\n" + TUNNELLED);

        assertRefusedWith502(send("GET /plain HTTP/1.1\r\nHost: upgrade.test\r\n\r\n"));
    }

    @Test
    void a101WithoutUpgradeHeaderIs502() {
        start(RawOrigin.Answer.ON_HEAD, SWITCH + "\r\n" + TUNNELLED);

        assertRefusedWith502(send(UPGRADE_REQUEST + "Upgrade: websocket\r\n\r\n"));
    }

    @Test
    void a101ToAProtocolTheClientDidNotOfferIs502() {
        start(RawOrigin.Answer.ON_HEAD, SWITCH + "Upgrade: foo/2\r\n\r\n" + TUNNELLED);

        assertRefusedWith502(send(UPGRADE_REQUEST + "Upgrade: websocket, foo\r\n\r\n"));
    }

    /**
     * Undertow's HTTP client takes any {@code 101 Upgrade: h2c} as the server switching its connection to HTTP/2 and
     * never hands it to the proxy: the request then waits for an HTTP/2 answer until the request timeout. Nothing is
     * tunnelled; the client gets the timeout's 504, not 502 at once.
     */
    @Test
    void anUnaskedSwitchToH2cIsNeverTunnelled() {
        origin = RawOrigin.start(RawOrigin.Answer.ON_HEAD, SWITCH + "Upgrade: h2c\r\n\r\n" + TUNNELLED);
        ProxySettings defaults = RunningProxy.settings();
        proxy = RunningProxy.start(ETCD, new ProxySettings(defaults.entryPoints(), defaults.prefix(),
                Duration.ofMillis(500), defaults.connectRetries(), defaults.maxHeaderBytes(), defaults.maxBodyBytes(),
                defaults.shutdownGrace()));
        proxy.apply(new TraefikKeys().router("upgrade", "Host(`upgrade.test`)", "upgrade")
                .server("upgrade", "origin", origin.url()).build());

        RawExchange answer = send(UPGRADE_REQUEST + "Upgrade: websocket\r\n\r\n");

        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.received()).doesNotContain("HTTP/1.1 101", TUNNELLED);
    }

    @Test
    void anUpgradeHeaderWithoutConnectionUpgradeIsNoUpgradeRequest() {
        start(RawOrigin.Answer.ON_HEAD, SWITCH + "Upgrade: websocket\r\n\r\n" + TUNNELLED);

        assertRefusedWith502(send("GET /chat HTTP/1.1\r\nHost: upgrade.test\r\nUpgrade: websocket\r\n\r\n"));
    }

    @Test
    void a101NamingTheOfferedProtocolIsTunnelled() {
        start(RawOrigin.Answer.ON_HEAD_THEN_CLOSE, SWITCH + "Upgrade: WebSocket\r\n\r\n" + TUNNELLED);

        RawExchange answer = send(UPGRADE_REQUEST + "Upgrade: foo, websocket\r\n\r\n");

        assertThat(answer.status()).isEqualTo(101);
        assertThat(answer.received()).endsWith(TUNNELLED);
        assertThat(answer.closedByProxy()).isTrue();
    }
}
