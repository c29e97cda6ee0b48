package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.health.HealthState;
import io.kvroute.proxy.health.ServerHealth;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RawHttp;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik v3.6's strategy {@code leasttime} (also for the copies a {@code mirroring} service sends),
 * {@code highestRandomWeight} services and {@code passiveHealthCheck} through a real proxy on etcd, with real backends.
 */
class ServiceBalancingIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend slow = HARNESS.backend("slow");
    private final Backend fast = HARNESS.backend("fast");
    private final RunningProxy proxy = HARNESS.proxy();

    @Test
    void leasttimeSendsRequestsToTheServerThatAnswersFaster() {
        slow.delay(Duration.ofMillis(300));
        proxy.apply(new TraefikKeys().router("least", "Host(`least.test`)", "least")
                .server("least", "a", slow.url()).server("least", "b", fast.url())
                .loadBalancer("least", "strategy", "leasttime").build());

        List<String> answers = IntStream.range(0, 20).mapToObj(i -> proxy.get("least.test", "/q").body()).toList();

        assertThat(answers).as("both untimed at first; then the slow server's 300 ms average loses every time")
                .contains("fast");
        assertThat(slow.received("/q")).hasSizeLessThanOrEqualTo(2);
        assertThat(fast.received("/q")).hasSizeGreaterThanOrEqualTo(18);
    }

    @Test
    void leasttimeTimesTheCopiesAMirroringServiceSendsToAMirrorOfItsServers() {
        slow.delay(Duration.ofMillis(300));
        Backend live = HARNESS.backend("live");
        proxy.apply(new TraefikKeys().router("shop", "Host(`shop.test`)", "shop")
                .server("live", "a", live.url())
                .server("shadow", "a", slow.url()).server("shadow", "b", fast.url())
                .loadBalancer("shadow", "strategy", "leasttime")
                .put("traefik/http/services/shop/mirroring/service", "live")
                .put("traefik/http/services/shop/mirroring/mirrors/0/name", "shadow")
                .put("traefik/http/services/shop/mirroring/mirrors/0/percent", "100").build());
        int sent = 0;
        while (slow.received().isEmpty() && sent < 4) {
            assertThat(proxy.get("shop.test", "/buy").body()).isEqualTo("live");
            sent++;
            int copies = sent;
            await().atMost(WAIT).until(() -> slow.received().size() + fast.received().size() == copies);
        }
        assertThat(slow.received()).as("both untimed at first: the tie is broken by round robin").hasSize(1);
        await().atMost(WAIT).until(() -> slow.inFlight() == 0);

        for (int i = 0; i < 10; i++) {
            assertThat(proxy.get("shop.test", "/buy").body()).isEqualTo("live");
        }
        int total = sent + 10;
        await().atMost(WAIT).until(() -> slow.received().size() + fast.received().size() == total);

        assertThat(slow.received()).as("the copy timed at 300 ms to headers loses to the fast server every time")
                .hasSize(1);
        assertThat(fast.received()).hasSize(total - 1);
    }

    @Test
    void highestRandomWeightKeepsEachClientIpOnOneChildAndMovesOnlyTheClientsOfAChildThatGoesDown() {
        proxy.apply(new TraefikKeys().router("hrw", "Host(`127.0.0.1`)", "spread")
                .server("heavy", "a", slow.url()).server("light", "a", fast.url())
                .loadBalancer("heavy", "healthCheck/path", "/health")
                .loadBalancer("heavy", "healthCheck/interval", "100ms")
                .loadBalancer("light", "healthCheck/path", "/health")
                .put("traefik/http/services/spread/highestRandomWeight/services/0/name", "heavy")
                .put("traefik/http/services/spread/highestRandomWeight/services/0/weight", "3")
                .put("traefik/http/services/spread/highestRandomWeight/services/1/name", "light")
                .put("traefik/http/services/spread/highestRandomWeight/healthCheck", "").build());
        Map<String, String> childOf = new HashMap<>();
        for (int client = 1; client <= 40; client++) {
            String from = "127.0.0." + client;
            String first = get(from);
            assertThat(get(from)).as(from).isEqualTo(first);
            childOf.put(from, first);
        }
        long heavy = childOf.values().stream().filter("slow"::equals).count();
        assertThat(heavy).as("weight 3 to 1 over 40 client IPs").isGreaterThan(40 - heavy);
        assertThat(childOf.values()).contains("fast");

        slow.stop();
        await().atMost(WAIT).until(() -> childOf.keySet().stream().allMatch(from -> get(from).equals("fast")));

        slow.restart();
        await().atMost(WAIT).until(() -> childOf.entrySet().stream()
                .allMatch(client -> get(client.getKey()).equals(client.getValue())));
    }

    @Test
    void passiveHealthCheckEjectsAServerAfterMaxFailedAttemptsOf5xxForTheWindowAndBringsItBack() {
        slow.status(503);
        proxy.apply(new TraefikKeys().router("passive", "Host(`passive.test`)", "passive")
                .server("passive", "a", slow.url()).server("passive", "b", fast.url())
                .loadBalancer("passive", "passiveHealthCheck/maxFailedAttempts", "2")
                .loadBalancer("passive", "passiveHealthCheck/failureWindow", "4s").build());

        List<Integer> statuses = IntStream.range(0, 12).mapToObj(i -> proxy.get("passive.test", "/p").statusCode())
                .toList();

        assertThat(statuses).as("a answers 503 until it is ejected").containsOnly(200, 503);
        assertThat(slow.received("/p")).as("two failed attempts eject it").hasSizeGreaterThanOrEqualTo(2);
        await().atMost(WAIT).until(() -> state("passive", slow.url()).equals(Optional.of(HealthState.EJECTED)));
        assertThat(proxy.runtime().health().view().service("passive").stream()
                .filter(server -> server.url().equals(slow.url())).findFirst().orElseThrow().ejection().orElseThrow()
                .backoff()).isEqualTo(Duration.ofSeconds(4));
        int beforeEjected = slow.received("/p").size();
        List<Integer> whileEjected = IntStream.range(0, 4)
                .mapToObj(i -> proxy.get("passive.test", "/p").statusCode()).toList();
        assertThat(whileEjected).as("only b while a is out for the window").containsOnly(200);
        assertThat(slow.received("/p")).hasSize(beforeEjected);

        slow.status(200);
        await().atMost(WAIT).until(() -> {
            proxy.get("passive.test", "/again");
            return !slow.received("/again").isEmpty();
        });
    }

    @Test
    void aMirrorsAnswerOf500OrMoreIsAFailedAttemptOfItsPassiveHealthCheck() {
        slow.status(503);
        proxy.apply(new TraefikKeys().router("shop", "Host(`shop.test`)", "shop")
                .server("live", "a", fast.url()).server("shadow", "a", slow.url())
                .loadBalancer("shadow", "passiveHealthCheck/maxFailedAttempts", "2")
                .put("traefik/http/services/shop/mirroring/service", "live")
                .put("traefik/http/services/shop/mirroring/mirrors/0/name", "shadow")
                .put("traefik/http/services/shop/mirroring/mirrors/0/percent", "100").build());

        for (int i = 0; i < 2; i++) {
            assertThat(proxy.get("shop.test", "/copy").statusCode()).isEqualTo(200);
        }

        await().atMost(WAIT).until(() -> state("shadow", slow.url()).equals(Optional.of(HealthState.EJECTED)));
        assertThat(slow.received("/copy")).hasSize(2);
    }

    /**
     * A mirror's {@code responseHeaderTimeout} covers its response headers only: a 503 whose body comes after it is
     * a failed attempt (its status), no timeout too: three such answers are three failed attempts of four, where three
     * timeouts in a row would be one more.
     */
    @Test
    void aMirrorsAnswerWhoseBodyComesAfterTheHeaderTimeoutIsNoTimeout() {
        slow.status(503);
        slow.bodyDelay(Duration.ofMillis(600));
        proxy.apply(new TraefikKeys().router("shop", "Host(`shop.test`)", "shop")
                .server("live", "a", fast.url()).server("shadow", "a", slow.url())
                .loadBalancer("shadow", "passiveHealthCheck/maxFailedAttempts", "4")
                .loadBalancer("shadow", "serversTransport", "short")
                .serversTransport("short", "forwardingTimeouts/responseHeaderTimeout", "300ms")
                .put("traefik/http/services/shop/mirroring/service", "live")
                .put("traefik/http/services/shop/mirroring/mirrors/0/name", "shadow")
                .put("traefik/http/services/shop/mirroring/mirrors/0/percent", "100").build());

        for (int i = 1; i <= 3; i++) {
            assertThat(proxy.get("shop.test", "/trickle").statusCode()).isEqualTo(200);
            int copies = i;
            await().atMost(WAIT).until(() -> slow.received("/trickle").size() == copies && slow.inFlight() == 0);
        }

        assertThat(state("shadow", slow.url())).as("three answers, no timeout").contains(HealthState.UP);
    }

    @Test
    void passiveHealthCheckCountsConnectFailuresAndWithoutItA5xxIsJustAnAnswer() {
        slow.stop();
        fast.status(500);
        proxy.apply(new TraefikKeys().router("refused", "Host(`refused.test`)", "refused")
                .server("refused", "a", slow.url()).server("refused", "b", HARNESS.backend("spare").url())
                .loadBalancer("refused", "passiveHealthCheck/maxFailedAttempts", "3")
                .router("plain", "Host(`plain.test`)", "plain").server("plain", "a", fast.url()).build());

        List<Integer> statuses = IntStream.range(0, 10).mapToObj(i -> proxy.get("refused.test", "/r").statusCode())
                .toList();
        List<Integer> plain = IntStream.range(0, 5).mapToObj(i -> proxy.get("plain.test", "/x").statusCode())
                .toList();

        assertThat(statuses).as("connect failures are retried on b").containsOnly(200);
        await().atMost(WAIT).until(() -> state("refused", slow.url()).equals(Optional.of(HealthState.EJECTED)));
        assertThat(proxy.runtime().health().view().service("refused").stream()
                .filter(server -> server.url().equals(slow.url())).findFirst().orElseThrow().ejection().orElseThrow()
                .reason()).startsWith("3 failed attempts within passiveHealthCheck's failureWindow 10s, the last: ");
        assertThat(plain).containsOnly(500);
        assertThat(fast.received("/x")).hasSize(5);
        assertThat(state("plain", fast.url())).contains(HealthState.UP);
    }

    private Optional<HealthState> state(String service, String url) {
        return proxy.runtime().health().view().service(service).stream().filter(h -> h.url().equals(url))
                .map(ServerHealth::state).findFirst();
    }

    private String get(String from) {
        try {
            InetSocketAddress entry = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    proxy.uri("/").getPort());
            RawHttp answer = RawHttp.get(entry, InetAddress.getByName(from), "/", "");
            return answer.status() == 200 ? answer.body() : String.valueOf(answer.status());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
