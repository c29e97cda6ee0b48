package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code retry} middleware configured by keys, against a closed port and live backends. The proxy retries
 * no connect failure on its own here ({@code connectRetries} 0), so only the middleware does. A fresh service's
 * balancer picks its servers in the order of their names, so the closed ports ({@code a}, {@code b}) come first.
 */
class RetryThroughKeysIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend live = HARNESS.backend("live");
    private final RunningProxy proxy = HARNESS.proxy(new ProxySettings(
            Map.of(RunningProxy.ENTRY_POINT, new InetSocketAddress("127.0.0.1", 0)), "traefik",
            Duration.ofSeconds(10), 0, 64 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(5)));

    private static String closedPort() {
        Backend refusing = Backend.start("refusing");
        refusing.close();
        return refusing.url();
    }

    @Test
    void waitsTheInitialIntervalBeforeRetryingOnAnotherServer() {
        Duration initialInterval = Duration.ofSeconds(1);
        String closed = closedPort();
        proxy.apply(new TraefikKeys()
                .router("spaced", "Host(`spaced.test`)", "spaced").middlewares("spaced", "backoff")
                .server("spaced", "a", closed).server("spaced", "b", live.url())
                .middleware("backoff", "retry/attempts", "2")
                .middleware("backoff", "retry/initialInterval", "1s")
                .router("warm", "Host(`warm.test`)", "warm").server("warm", "a", live.url())
                .router("refused", "Host(`refused.test`)", "refused").server("refused", "a", closed)
                .build());
        // The same paths once without a retry, so the measured request is not a first one (class loading, JIT).
        assertThat(proxy.get("warm.test", "/").statusCode()).isEqualTo(200);
        assertThat(proxy.get("refused.test", "/").statusCode()).isEqualTo(502);

        long sent = System.nanoTime();
        HttpResponse<String> response = proxy.get("spaced.test", "/");
        Duration taken = Duration.ofNanos(System.nanoTime() - sent);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("live");
        // The first retry waits the initial interval randomised by ±50%: at least half of it.
        assertThat(taken).isGreaterThanOrEqualTo(initialInterval.dividedBy(2));
    }

    @Test
    void waitsTheInitialIntervalBeforeRetryingARequestWhoseBodyIsHeld() {
        Backend failing = HARNESS.backend("failing");
        failing.status(503);
        proxy.apply(retryingOn503(failing, "held", "retryNonIdempotentMethod", "true", "initialInterval", "1s")
                .router("buffered", "Host(`buffered.test`)", "buffered").middlewares("buffered", "whole", "backoff")
                .server("buffered", "a", closedPort()).server("buffered", "b", live.url())
                .middleware("whole", "buffering/maxRequestBodyBytes", "1024")
                .middleware("backoff", "retry/attempts", "2")
                .middleware("backoff", "retry/initialInterval", "1s")
                .router("warm", "Host(`warm.test`)", "warm").server("warm", "a", live.url())
                .build());
        // Once without a retry, so the measured requests are not first ones (class loading, JIT).
        assertThat(proxy.send(proxy.request("warm.test", "/").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build()).statusCode()).isEqualTo(200);

        for (String host : new String[] {"held.test", "buffered.test"}) {
            long sent = System.nanoTime();
            HttpResponse<String> response = proxy.send(proxy.request(host, "/orders")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"item\":7}")).build());
            Duration taken = Duration.ofNanos(System.nanoTime() - sent);

            assertThat(response.body()).as(host).isEqualTo("live");
            // held: a status retry's body held for it; buffered: the buffering middleware read it whole first. The
            // first retry waits the initial interval randomised by ±50%: at least half of it.
            assertThat(taken).as(host).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
        assertThat(live.received()).extracting(received -> received.header("Content-Length"))
                .containsExactly("2", "10", "10");
    }

    @Test
    void retriesAPostWithItsBodyAfterAConnectFailureAsTraefikDoesForNetworkErrors() {
        proxy.apply(new TraefikKeys()
                .router("post", "Host(`post.test`)", "post").middlewares("post", "twice")
                .server("post", "a", closedPort()).server("post", "b", live.url())
                .middleware("twice", "retry/attempts", "2")
                .middleware("twice", "retry/initialInterval", "20ms")
                .middleware("twice", "retry/maxRequestBodyBytes", "1024")
                .middleware("twice", "retry/retryNonIdempotentMethod", "false")
                .build());

        HttpResponse<String> response = proxy.send(proxy.request("post.test", "/orders")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":7}")).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(live.received()).singleElement().satisfies(received -> {
            assertThat(received.method()).isEqualTo("POST");
            assertThat(received.header("Content-Length")).isEqualTo("10");
        });
    }

    @Test
    void stopsRetryingOnceTheTimeoutHasPassed() {
        proxy.apply(new TraefikKeys()
                .router("budget", "Host(`budget.test`)", "budget").middlewares("budget", "short")
                .server("budget", "a", closedPort()).server("budget", "b", closedPort())
                .server("budget", "c", live.url())
                .middleware("short", "retry/attempts", "3")
                .middleware("short", "retry/initialInterval", "300ms")
                .middleware("short", "retry/timeout", "100ms")
                .router("unbounded", "Host(`unbounded.test`)", "unbounded").middlewares("unbounded", "long")
                .server("unbounded", "a", closedPort()).server("unbounded", "b", closedPort())
                .server("unbounded", "c", live.url())
                .middleware("long", "retry/attempts", "3")
                .middleware("long", "retry/initialInterval", "300ms")
                .build());

        // a fails at once and is retried; b, tried at least 150ms later, fails past the 100ms budget: no third try, and
        // the answer is Traefik's for b's refused connect, 502.
        HttpResponse<String> withinBudget = proxy.get("budget.test", "/");
        HttpResponse<String> withoutBudget = proxy.get("unbounded.test", "/");

        assertThat(withinBudget.statusCode()).isEqualTo(502);
        assertThat(withoutBudget.statusCode()).isEqualTo(200);
        assertThat(withoutBudget.body()).isEqualTo("live");
        assertThat(live.received()).hasSize(1);
    }

    /** A service of a server answering 503 ({@code a}, picked first) and {@code live}, retried on 503. */
    private TraefikKeys retryingOn503(Backend failing, String name, String... settings) {
        TraefikKeys keys = new TraefikKeys()
                .router(name, "Host(`" + name + ".test`)", name).middlewares(name, "on503")
                .server(name, "a", failing.url()).server(name, "b", live.url())
                .middleware("on503", "retry/attempts", "2")
                .middleware("on503", "retry/status/0", "500-503");
        for (int i = 0; i < settings.length; i += 2) {
            keys.middleware("on503", "retry/" + settings[i], settings[i + 1]);
        }
        return keys;
    }

    @Test
    void holdsBackAnAnswerWithARetriedStatusAndSendsTheRequestToAnotherServer() {
        Backend failing = HARNESS.backend("failing");
        failing.status(503);
        proxy.apply(retryingOn503(failing, "statuses").build());

        HttpResponse<String> response = proxy.get("statuses.test", "/page");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("live");
        assertThat(response.headers().firstValue("X-Backend")).hasValue("live");
        assertThat(failing.received()).singleElement().satisfies(received ->
                assertThat(received.uri()).isEqualTo("/page"));
        assertThat(live.received()).singleElement().satisfies(received ->
                assertThat(received.uri()).isEqualTo("/page"));
    }

    @Test
    void sendsAPostsBodyAgainOnlyWithRetryNonIdempotentMethod() {
        Backend failing = HARNESS.backend("failing");
        failing.status(503);
        proxy.apply(retryingOn503(failing, "posts", "retryNonIdempotentMethod", "true").build());
        HttpResponse<String> retried = proxy.send(proxy.request("posts.test", "/orders")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":7}")).build());

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo("live");
        assertThat(failing.received()).singleElement().satisfies(received ->
                assertThat(received.header("Content-Length")).isEqualTo("10"));
        assertThat(live.received()).singleElement().satisfies(received -> {
            assertThat(received.method()).isEqualTo("POST");
            assertThat(received.header("Content-Length")).isEqualTo("10");
        });

        Backend alsoFailing = HARNESS.backend("alsoFailing");
        alsoFailing.status(503);
        proxy.apply(new TraefikKeys()
                .router("once", "Host(`once.test`)", "once").middlewares("once", "strict")
                .server("once", "a", failing.url()).server("once", "b", alsoFailing.url())
                .middleware("strict", "retry/attempts", "2")
                .middleware("strict", "retry/status/0", "503")
                .build());
        HttpResponse<String> notRetried = proxy.send(proxy.request("once.test", "/orders")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":8}")).build());

        assertThat(notRetried.statusCode()).isEqualTo(503);
        assertThat(failing.received().size() - 1 + alsoFailing.received().size()).isEqualTo(1);
        assertThat(live.received()).hasSize(1);
    }

    @Test
    void streamsABodyLongerThanMaxRequestBodyBytesWithoutRetryingItsStatus() {
        Backend failing = HARNESS.backend("failing");
        failing.status(503);
        proxy.apply(retryingOn503(failing, "large", "maxRequestBodyBytes", "4")
                .router("small", "Host(`small.test`)", "small").middlewares("small", "on503")
                .server("small", "a", failing.url()).server("small", "b", live.url())
                .build());

        HttpResponse<String> declared = proxy.send(proxy.request("large.test", "/upload")
                .PUT(HttpRequest.BodyPublishers.ofString("0123456789")).build());
        HttpResponse<String> small = proxy.send(proxy.request("small.test", "/upload")
                .PUT(HttpRequest.BodyPublishers.ofString("0123")).build());

        assertThat(declared.statusCode()).isEqualTo(503);
        assertThat(declared.body()).isEqualTo("failing");
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body()).isEqualTo("live");
        assertThat(failing.received()).extracting(received -> received.header("Content-Length"))
                .containsExactly("10", "4");
        assertThat(live.received()).extracting(received -> received.header("Content-Length"))
                .containsExactly("4");
    }

    @Test
    void passesTheLastAttemptsAnswerOnWhateverItsStatus() {
        Backend failing = HARNESS.backend("failing");
        failing.status(503);
        live.status(502);
        proxy.apply(retryingOn503(failing, "last").build());

        HttpResponse<String> response = proxy.get("last.test", "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("live");
        assertThat(failing.received()).hasSize(1);
    }
}
