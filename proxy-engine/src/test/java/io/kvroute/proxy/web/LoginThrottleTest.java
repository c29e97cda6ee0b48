package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.MutableClock;
import io.kvroute.proxy.testing.RawHttp;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Failed logins on the web listener are throttled per client address: the 11th try within a minute gets 429 with
 * {@code Retry-After}, even with the right password; other addresses log in; after the window the client may try
 * again. Clients are distinct loopback addresses (127.0.0.x); time is a test clock.
 */
class LoginThrottleTest {
    private static final String PASSWORD = "right-pass";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private KvStore kv;
    private ProxyRuntime runtime;
    private WebServer web;

    @BeforeEach
    void start() {
        log.start();
        ((Logger) LoggerFactory.getLogger(LoginThrottle.class)).addAppender(log);
        kv = KvStores.open(StoreSettings.memory());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        runtime = ProxyRuntime.start(kv, ProxySettings.of("traefik",
                Map.of("web", new InetSocketAddress("127.0.0.1", 0))), registry);
        web = WebServer.start(new WebOptions(new InetSocketAddress("127.0.0.1", 0),
                List.of("admin:" + WebAuthTest.bcrypt(PASSWORD)), Optional.empty()), runtime, registry, clock);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(LoginThrottle.class)).detachAppender(log);
        web.close();
        runtime.close();
        kv.close();
    }

    @Test
    void tenFailuresInAMinuteLockOutThatAddressOnlyUntilTheOldestLeavesTheWindow() throws IOException {
        InetAddress guesser = InetAddress.getByName("127.0.0.2");
        InetAddress operator = InetAddress.getByName("127.0.0.3");
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(login(guesser, "guess-" + i).status()).as("guess " + i).isEqualTo(401);
        }
        await("the 10th failure counted").atMost(Duration.ofSeconds(5))
                .until(() -> RawHttp.get(web.address(), guesser, "/api/version", "").status() == 429);
        RawHttp refused = login(guesser, PASSWORD);
        assertThat(refused.status()).as("the right password is refused too while locked").isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("51");
        assertThat(RawHttp.get(web.address(), guesser, "/ping", "").status()).as("/ping stays open").isEqualTo(200);

        assertThat(login(operator, PASSWORD).status()).as("another address logs in").isEqualTo(200);
        assertThat(login(operator, "typo").status()).as("and is not locked").isEqualTo(401);

        clock.advance(Duration.ofSeconds(50));
        assertThat(login(guesser, PASSWORD).header("Retry-After")).isEqualTo("1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(login(guesser, PASSWORD).status()).as("a slot freed: the oldest failure left the window")
                .isEqualTo(200);

        assertThat(List.copyOf(log.list)).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "web login: 10 failed logins from 127.0.0.2 within 60 s; its requests get 429 for 51 s");
    }

    @Test
    void failuresSpreadOverMoreThanAMinuteDoNotLock() throws IOException {
        InetAddress client = InetAddress.getByName("127.0.0.4");
        for (int i = 0; i < 3 * LoginThrottle.MAX_FAILURES; i++) {
            clock.advance(Duration.ofSeconds(7));
            assertThat(login(client, "slow-guess").status()).as("guess " + i).isEqualTo(401);
        }
        assertThat(login(client, PASSWORD).status()).isEqualTo(200);
        assertThat(log.list).isEmpty();
    }

    @Test
    void requestsWithoutCredentialsAreNotFailedLogins() throws IOException {
        InetAddress browser = InetAddress.getByName("127.0.0.5");
        for (int i = 0; i < 2 * LoginThrottle.MAX_FAILURES; i++) {
            assertThat(RawHttp.get(web.address(), browser, "/api/version", "").status()).isEqualTo(401);
        }
        assertThat(login(browser, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void trackedClientsAreBoundedAndIpv6CountsPerSlash64() throws Exception {
        LoginThrottle throttle = new LoginThrottle(clock);
        for (int i = 0; i < 3 * LoginThrottle.MAX_CLIENTS; i++) {
            throttle.failed("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff), clock.instant());
        }
        assertThat(throttle.trackedClients()).isLessThanOrEqualTo(LoginThrottle.MAX_CLIENTS);
        clock.advance(LoginThrottle.WINDOW);
        assertThat(throttle.trackedClients()).as("forgotten a window after their last failure").isZero();

        assertThat(LoginThrottle.clientOf(InetAddress.getByName("2001:db8:0:1::1")))
                .isEqualTo(LoginThrottle.clientOf(InetAddress.getByName("2001:db8:0:1:ffff::2")))
                .isEqualTo("2001:db8:0:1::/64");
        assertThat(LoginThrottle.clientOf(InetAddress.getByName("2001:db8:0:2::1"))).isEqualTo("2001:db8:0:2::/64");
        assertThat(LoginThrottle.clientOf(InetAddress.getByName("192.0.2.7"))).isEqualTo("192.0.2.7");
    }

    private RawHttp login(InetAddress from, String password) throws IOException {
        return RawHttp.get(web.address(), from, "/api/version", RawHttp.basic("admin", password));
    }
}
