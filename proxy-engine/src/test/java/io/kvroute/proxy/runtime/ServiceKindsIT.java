package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RawHttp;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's mirroring, failover, p2c, hrw and sticky cookies through a real proxy on etcd, with real backends.
 */
class ServiceKindsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend main = HARNESS.backend("main");
    private final Backend other = HARNESS.backend("other");
    private final RunningProxy proxy = HARNESS.proxy();

    @Test
    void aMirrorGetsItsPercentageAfterTheMainResponseAndASlowMirrorDelaysNothing() {
        other.delay(Duration.ofSeconds(2));
        proxy.apply(new TraefikKeys().router("shop", "Host(`shop.test`)", "shop")
                .server("live", "a", main.url()).server("shadow", "a", other.url())
                .put("traefik/http/services/shop/mirroring/service", "live")
                .put("traefik/http/services/shop/mirroring/mirrors/0/name", "shadow")
                .put("traefik/http/services/shop/mirroring/mirrors/0/percent", "50")
                .put("traefik/http/services/shop/mirroring/maxBodySize", "8").build());

        for (int i = 1; i <= 10; i++) {
            HttpResponse<String> answer = proxy.send(proxy.request("shop.test", "/buy?n=" + i)
                    .POST(HttpRequest.BodyPublishers.ofString("item-" + i)).build());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("main");
        }
        assertThat(main.received()).hasSize(10);
        assertThat(other.inFlight()).as("copies still being answered by the slow mirror").isPositive();

        await().atMost(WAIT).until(() -> other.received().size() == 5 && other.inFlight() == 0);
        List<Backend.Received> copies = other.received();
        assertThat(copies).extracting(Backend.Received::uri).containsExactlyInAnyOrder("/buy?n=1", "/buy?n=3",
                "/buy?n=5", "/buy?n=7", "/buy?n=9");
        assertThat(copies).allSatisfy(copy -> {
            assertThat(copy.method()).isEqualTo("POST");
            assertThat(copy.header("Host")).isEqualTo("shop.test");
            assertThat(copy.header("Content-Length")).isEqualTo("6");
            assertThat(copy.header("X-Forwarded-Host")).isEqualTo("shop.test");
        });

        // Request 11 is the mirror's by count, but its body is over maxBodySize: not mirrored (yet counted, as in
        // Traefik, so request 12 is not the mirror's either); request 13 is.
        HttpResponse<String> large = proxy.send(proxy.request("shop.test", "/buy?n=11")
                .POST(HttpRequest.BodyPublishers.ofString("a body over eight bytes")).build());
        assertThat(large.body()).isEqualTo("main");
        assertThat(main.received("/buy")).last().extracting(copy -> copy.header("Content-Length")).isEqualTo("23");
        proxy.get("shop.test", "/after?n=12");
        proxy.get("shop.test", "/after?n=13");
        await().atMost(WAIT).until(() -> other.received("/after").size() == 1);
        assertThat(other.received()).extracting(Backend.Received::uri).doesNotContain("/buy?n=11", "/after?n=12")
                .contains("/after?n=13");
    }

    @Test
    void theFallbackServesWhileTheMainServiceIsDownAndTheMainServiceAgainOnceItIsUp() {
        proxy.apply(new TraefikKeys().router("site", "Host(`site.test`)", "site")
                .server("primary", "a", main.url())
                .loadBalancer("primary", "healthCheck/path", "/health")
                .loadBalancer("primary", "healthCheck/interval", "100ms")
                .loadBalancer("primary", "healthCheck/timeout", "500ms")
                .server("backup", "a", other.url())
                .failover("site", "primary", "backup").build());
        assertThat(proxy.get("site.test", "/").body()).isEqualTo("main");

        main.stop();
        await().atMost(WAIT).until(() -> proxy.get("site.test", "/").body().equals("other"));
        assertThat(IntStream.range(0, 5).mapToObj(i -> proxy.get("site.test", "/").body())).containsOnly("other");

        main.restart();
        await().atMost(WAIT).until(() -> proxy.get("site.test", "/").body().equals("main"));
        assertThat(IntStream.range(0, 5).mapToObj(i -> proxy.get("site.test", "/").body())).containsOnly("main");
    }

    @Test
    void p2cSendsRequestsToTheServerWithFewerInFlight() {
        main.delay(Duration.ofSeconds(2));
        proxy.apply(new TraefikKeys().router("p2c", "Host(`p2c.test`)", "p2c")
                .server("p2c", "a", main.url()).server("p2c", "b", other.url())
                .loadBalancer("p2c", "strategy", "p2c").build());
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 20 && main.inFlight() == 0; i++) {
            held.add(proxy.client().sendAsync(proxy.request("p2c.test", "/held").build(),
                    HttpResponse.BodyHandlers.ofString()));
            await().atMost(WAIT).until(() -> main.inFlight() + other.received("/held").size() >= 1);
        }
        assertThat(main.inFlight()).as("a request held by the slow server").isPositive();

        List<String> answers = IntStream.range(0, 10).mapToObj(i -> proxy.get("p2c.test", "/quick").body()).toList();

        assertThat(answers).as("with one request in flight on main, both draws favour other").containsOnly("other");
        held.forEach(CompletableFuture::join);
    }

    @Test
    void hrwKeepsEachClientAddressOnOneServerAndSpreadsAddresses() throws Exception {
        proxy.apply(new TraefikKeys().router("hrw", "Host(`127.0.0.1`)", "hrw")
                .server("hrw", "a", main.url()).server("hrw", "b", other.url())
                .loadBalancer("hrw", "strategy", "hrw").build());
        InetSocketAddress entry = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                proxy.uri("/").getPort());
        Map<String, String> serverOf = new HashMap<>();
        for (int client = 1; client <= 12; client++) {
            InetAddress from = InetAddress.getByName("127.0.0." + client);
            for (int i = 0; i < 3; i++) {
                RawHttp answer = RawHttp.get(entry, from, "/", "");
                assertThat(answer.status()).isEqualTo(200);
                String previous = serverOf.putIfAbsent(from.getHostAddress(), answer.body());
                assertThat(previous).as(from.getHostAddress()).isIn(null, answer.body());
            }
        }
        assertThat(serverOf.values()).contains("main", "other");
    }

    @Test
    void everyStickyCookieAttributeIsOnTheSetCookieHeader() {
        proxy.apply(new TraefikKeys().router("sticky", "Host(`sticky.test`)", "sticky")
                .server("sticky", "a", main.url()).server("sticky", "b", other.url())
                .loadBalancer("sticky", "sticky/cookie/name", "pin")
                .loadBalancer("sticky", "sticky/cookie/secure", "true")
                .loadBalancer("sticky", "sticky/cookie/httpOnly", "true")
                .loadBalancer("sticky", "sticky/cookie/sameSite", "strict")
                .loadBalancer("sticky", "sticky/cookie/maxAge", "600")
                .loadBalancer("sticky", "sticky/cookie/path", "/app")
                .loadBalancer("sticky", "sticky/cookie/domain", "sticky.test").build());

        HttpResponse<String> first = proxy.get("sticky.test", "/app");
        String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).matches("pin=[0-9a-f]+; Path=/app; Domain=sticky.test; Max-Age=600; Secure; HttpOnly; "
                + "SameSite=strict");

        String pin = setCookie.substring(0, setCookie.indexOf(';'));
        List<String> pinned = IntStream.range(0, 6).mapToObj(i -> proxy.send(proxy.request("sticky.test", "/app")
                .header("Cookie", pin).build())).map(HttpResponse::body).toList();
        assertThat(pinned).containsOnly(first.body());
    }

    @Test
    void aStickyCookieWithoutNameIsNamedAsTraefikV3NamesItFromTheServiceAndItsProvider() {
        proxy.apply(new TraefikKeys().router("plain", "Host(`plain.test`)", "plain")
                .server("plain", "a", main.url()).server("plain", "b", other.url())
                .loadBalancer("plain", "sticky/cookie", "").build());

        String setCookie = proxy.get("plain.test", "/").headers().firstValue("Set-Cookie").orElseThrow();

        // Traefik v3: cookie.GetName("", "plain@etcd"), "_" + the first 5 hex digits of SHA-1 of
        // "_TRAEFIK_BACKEND_plain@etcd"; the service name alone would give _29ad1
        assertThat(setCookie).matches("_052af=[0-9a-f]+; Path=/");
    }
}
