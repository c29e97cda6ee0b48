package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.ForwardedHeadersTrust;
import io.kvroute.proxy.http.UnderscoreHeaders;
import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.routing.IpRange;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RawHttp;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a client's headers can and cannot do, sent byte for byte through a real proxy: header names with {@code _}
 * (aliases CGI-style origins merge with the real header) are deleted or refused; hop-by-hop headers and those the
 * client names in {@code Connection} do not reach the origin, and naming the proxy's own headers there removes
 * nothing the proxy sets; forwarding headers are kept only from trusted addresses.
 */
class ClientHeaderHygieneIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend backend = HARNESS.backend("origin");
    private RunningProxy proxy;

    private void start(EntryPointOptions options) {
        proxy = HARNESS.proxy(RunningProxy.settings(options));
        proxy.apply(new TraefikKeys().router("app", "Host(`app.test`)", "app").server("app", "one", backend.url())
                .build());
    }

    private RawHttp get(String headers) throws IOException {
        return RawHttp.send(proxy.runtime().address(RunningProxy.ENTRY_POINT),
                "GET /x HTTP/1.1\r\nHost: app.test\r\n" + headers + "\r\n");
    }

    @Test
    void underscoreAliasesOfTheProxysHeadersNeverReachTheOrigin() throws IOException {
        start(EntryPointOptions.DEFAULT);

        assertThat(get("X_Forwarded_For: 6.6.6.6\r\nX_Real_IP: 6.6.6.6\r\nX-Ok: 1\r\nConnection: close\r\n").status())
                .isEqualTo(200);

        Backend.Received received = backend.received().get(0);
        assertThat(received.headers().keySet()).noneMatch(name -> name.contains("_"));
        assertThat(received.header("X-Ok")).isEqualTo("1");
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Real-IP")).isEqualTo("127.0.0.1");
    }

    @Test
    void theRejectStrategyRefusesUnderscoreHeadersAndKeepForwardsThem() throws IOException {
        start(new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.REJECT, ForwardedHeadersTrust.NONE));

        RawHttp refused = get("X_Auth_User: admin\r\nConnection: close\r\n");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("400 Bad Request: a header name contains '_', which this entry point "
                + "refuses\n");
        assertThat(backend.received()).isEmpty();
        proxy.close();

        start(new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.KEEP, ForwardedHeadersTrust.NONE));
        assertThat(get("X_Auth_User: admin\r\nConnection: close\r\n").status()).isEqualTo(200);
        assertThat(backend.received().get(0).header("X_Auth_User")).isEqualTo("admin");
    }

    /** As Traefik (DeleteXForwardedHeaders): an untrusted client's aliases go even when other aliases are kept. */
    @Test
    void underscoreAliasesOfTheProxysHeadersFromAnUntrustedClientNeverReachTheOriginEvenWithKeep() throws IOException {
        start(new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.KEEP,
                new ForwardedHeadersTrust(false, List.of())));

        assertThat(get("X_Forwarded_For: 6.6.6.6\r\nx_real_ip: 6.6.6.6\r\nx_forwarded-Proto: https\r\n"
                + "X_Auth_User: admin\r\nConnection: close\r\n").status()).isEqualTo(200);

        Backend.Received received = backend.received().get(0);
        assertThat(received.header("X_Auth_User")).isEqualTo("admin");
        assertThat(received.header("X_Forwarded_For")).isNull();
        assertThat(received.header("X_Real_Ip")).isNull();
        assertThat(received.header("X_Forwarded-Proto")).isNull();
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
    }

    /** As Go's reverse proxy (and so Traefik): a client that accepts trailers says so to the server, nothing more. */
    @Test
    void aTeThatListsTrailersReachesTheServerAsTeTrailersOnly() throws IOException {
        start(EntryPointOptions.DEFAULT);

        assertThat(get("Connection: close, TE\r\nTE: deflate, trailers\r\n").status()).isEqualTo(200);

        assertThat(backend.received().get(0).header("TE")).isEqualTo("trailers");
    }

    @Test
    void hopByHopHeadersAndThoseConnectionNamesAreRemovedButNotTheProxysOwn() throws IOException {
        start(EntryPointOptions.DEFAULT);

        assertThat(get("Connection: close, X-Forwarded-For, X-Real-IP, X-Secret, Host, Content-Length\r\n"
                + "X-Secret: s\r\nKeep-Alive: timeout=5\r\nTE: deflate\r\nProxy-Connection: keep-alive\r\n"
                + "Trailer: X-Later\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\nUpgrade: websocket\r\n"
                + "X-Forwarded-For: 7.7.7.7\r\nX-Real-IP: 7.7.7.7\r\nX-Kept: yes\r\n").status()).isEqualTo(200);

        Backend.Received received = backend.received().get(0);
        for (String removed : List.of("X-Secret", "Keep-Alive", "TE", "Proxy-Connection", "Trailer",
                "Proxy-Authorization", "Upgrade")) {
            assertThat(received.header(removed)).as(removed).isNull();
        }
        assertThat(received.header("X-Kept")).isEqualTo("yes");
        assertThat(received.header("Host")).isEqualTo("app.test");
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
    }

    @Test
    void forwardingHeadersOfATrustedClientAreKeptAndExtended() throws IOException {
        start(new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                new ForwardedHeadersTrust(false, List.of(IpRange.parse("127.0.0.0/8")))));

        assertThat(get("X-Forwarded-For: 203.0.113.9\r\nX-Real-IP: 203.0.113.9\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Host: shop.example.com\r\nConnection: close\r\n").status()).isEqualTo(200);

        Backend.Received received = backend.received().get(0);
        assertThat(received.header("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
        assertThat(received.header("X-Real-IP")).isEqualTo("203.0.113.9");
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("shop.example.com");
        // Traefik's forwardedPort: no port in the Host and a forwarded proto of https give 443
        assertThat(received.header("X-Forwarded-Port")).isEqualTo("443");
    }

    /** As Traefik's removeConnectionHeaders: Connection never removes a forwarding header, a trusted one stays. */
    @Test
    void aTrustedClientCannotRemoveItsForwardingHeadersByNamingThemInConnection() throws IOException {
        start(new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                new ForwardedHeadersTrust(false, List.of(IpRange.parse("127.0.0.0/8")))));

        assertThat(get("X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Host: shop.example.com\r\nX-Secret: s\r\n"
                + "Connection: close, X-Forwarded-For, x-forwarded-host, X-Secret\r\n").status()).isEqualTo(200);

        Backend.Received received = backend.received().get(0);
        assertThat(received.header("X-Forwarded-For")).isEqualTo("203.0.113.9, 127.0.0.1");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("shop.example.com");
        assertThat(received.header("X-Secret")).isNull();
    }

    @Test
    void aTrustedClientsForwardedForLinesReachTheOriginAsOneListWithTheClientAppended() throws IOException {
        start(new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                new ForwardedHeadersTrust(false, List.of(IpRange.parse("127.0.0.0/8")))));

        assertThat(get("X-Forwarded-For: 203.0.113.9, 198.51.100.2\r\nX-Forwarded-For: 192.0.2.4\r\n"
                + "Connection: close\r\n").status()).isEqualTo(200);

        // Traefik: forwardedheaders folds the lines with ", ", Go's reverse proxy appends ", " and the client
        Backend.Received received = backend.received().get(0);
        assertThat(received.headers().get("X-Forwarded-For"))
                .containsExactly("203.0.113.9, 198.51.100.2, 192.0.2.4, 127.0.0.1");
    }

    @Test
    void forwardingHeadersOfAnUntrustedAddressAreReplaced() throws IOException {
        start(new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                new ForwardedHeadersTrust(false, List.of(IpRange.parse("10.0.0.0/8")))));

        assertThat(get("X-Forwarded-For: 203.0.113.9\r\nX-Real-IP: 203.0.113.9\r\nX-Forwarded-Proto: https\r\n"
                + "Connection: close\r\n").status()).isEqualTo(200);

        Backend.Received received = backend.received().get(0);
        assertThat(received.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
    }

    @Test
    void anIpv6ClientAddressIsWrittenInItsShortFormAsTraefikWritesIt() throws IOException {
        ProxySettings defaults = RunningProxy.settings(EntryPointOptions.DEFAULT);
        proxy = HARNESS.proxy(new ProxySettings(Map.of(RunningProxy.ENTRY_POINT, new InetSocketAddress("::1", 0)),
                defaults.prefix(), defaults.requestTimeout(), defaults.connectRetries(), defaults.maxHeaderBytes(),
                defaults.maxBodyBytes(), defaults.shutdownGrace(), defaults.entryPointOptions(), defaults.forwarding(),
                defaults.tlsStack(), defaults.udpEntryPoints()));
        proxy.apply(new TraefikKeys().router("app", "Host(`app.test`)", "app").server("app", "one", backend.url())
                .build());

        assertThat(RawHttp.send(proxy.runtime().address(RunningProxy.ENTRY_POINT), InetAddress.getByName("::1"),
                "GET /x HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n").status()).isEqualTo(200);

        Backend.Received received = backend.received().get(0);
        assertThat(received.header("X-Forwarded-For")).isEqualTo("::1");
        assertThat(received.header("X-Real-IP")).isEqualTo("::1");
    }
}
