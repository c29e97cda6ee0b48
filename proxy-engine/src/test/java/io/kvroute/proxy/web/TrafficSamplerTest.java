package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the sampler makes of the proxy's request meters (as the runtime's {@code RequestMetrics} names and tags
 * them), one sample a second on a clock of the test's: each service's requests and 5xx, each server's requests in
 * the window and since start and its latency percentiles, the whole proxy's requests, no-route requests and 5xx; a second sampled twice gives one
 * sample; the window keeps {@value TrafficSampler#WINDOW} seconds; a server whose meters were removed is dropped.
 */
class TrafficSamplerTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TrafficSampler sampler = new TrafficSampler(registry, clock);

    @AfterEach
    void stop() {
        sampler.close();
    }

    @Test
    void countsEachSecondsRequestsPerServiceServerAndForTheWholeProxyWithNoRouteAnd5xx() {
        sampler.sample();
        requests("web", "shop", "shop", "2xx", 8);
        requests("web", "shop", "shop", "5xx", 2);
        requests("web", "none", "none", "4xx", 3);
        servers("shop", "node1--alpha", 6);
        servers("shop", "node2--beta", 2);
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();

        TrafficSampler.History history = sampler.history();
        assertThat(history.services().get("shop")).last().isEqualTo(new TrafficSampler.Sample(
                clock.instant().getEpochSecond(), 10, 2, 0, 0));
        assertThat(history.services()).doesNotContainKey("none");
        assertThat(history.global()).last().isEqualTo(new TrafficSampler.GlobalSample(
                clock.instant().getEpochSecond(), 13, 3, 2));
        assertThat(history.totals()).isEqualTo(new TrafficSampler.GlobalSample(
                clock.instant().getEpochSecond(), 13, 3, 2));
        assertThat(history.servers().get("shop").get("node1--alpha"))
                .isEqualTo(new TrafficSampler.ServerRequests(6, 6, 0, 0));
        assertThat(history.servers().get("shop").get("node2--beta"))
                .isEqualTo(new TrafficSampler.ServerRequests(2, 2, 0, 0));

        requests("web", "none", "none", "4xx", 1);
        servers("shop", "node1--alpha", 1);
        sampler.sample();
        assertThat(sampler.history().global()).as("the same second sampled again: one sample").hasSize(2).last()
                .isEqualTo(new TrafficSampler.GlobalSample(clock.instant().getEpochSecond(), 14, 4, 2));
        assertThat(sampler.history().servers().get("shop").get("node1--alpha"))
                .isEqualTo(new TrafficSampler.ServerRequests(7, 7, 0, 0));
    }

    @Test
    void keepsFiveMinutesAndCountsAServersRequestsBeyondThemSinceStart() {
        servers("shop", "node1--alpha", 5);
        sampler.sample();
        for (int second = 1; second <= TrafficSampler.WINDOW; second++) {
            clock.advance(Duration.ofSeconds(1));
            sampler.sample();
        }
        TrafficSampler.History history = sampler.history();
        assertThat(history.global()).hasSize(TrafficSampler.WINDOW);
        assertThat(history.global().get(0).epochSecond()).isEqualTo(clock.instant().getEpochSecond()
                - TrafficSampler.WINDOW + 1);
        assertThat(history.servers().get("shop").get("node1--alpha"))
                .as("the 5 requests were counted before the window").isEqualTo(new TrafficSampler.ServerRequests(0, 5, 0, 0));
    }

    @Test
    void givesEachServerItsOwnLatencyPercentilesAndNoneToAServerWithoutRequestsInTheWindow() {
        sampler.sample();
        servers("shop", "node1--slow", 20);
        servers("shop", "node2--fast", 20);
        servers("shop", "node3--idle", 0);
        latency("shop", "node1--slow", 20, 200);
        latency("shop", "node2--fast", 20, 2);
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();

        TrafficSampler.ServerRequests slow = sampler.history().servers().get("shop").get("node1--slow");
        TrafficSampler.ServerRequests fast = sampler.history().servers().get("shop").get("node2--fast");
        assertThat(slow.p50Millis()).as("slow p50").isBetween(150.0, 250.0);
        assertThat(slow.p99Millis()).as("slow p99").isBetween(150.0, 250.0);
        assertThat(fast.p50Millis()).as("fast p50").isBetween(1.0, 3.0);
        assertThat(slow.p50Millis()).isGreaterThan(fast.p99Millis());
        assertThat(sampler.history().servers().get("shop").get("node3--idle"))
                .isEqualTo(new TrafficSampler.ServerRequests(0, 0, 0, 0));
    }

    @Test
    void dropsAServerWhoseMetersWereRemovedAndCountsNothingNegativeWhenTheyComeBack() {
        servers("shop", "node1--gone", 5);
        servers("shop", "node2--kept", 3);
        sampler.sample();
        registry.remove(registry.find("kvroute.server.requests").tag("server", "node1--gone").counter());
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();

        assertThat(sampler.history().servers().get("shop")).containsOnlyKeys("node2--kept");

        servers("shop", "node1--gone", 2);
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();
        assertThat(sampler.history().servers().get("shop").get("node1--gone"))
                .as("a new counter: its own requests, nothing subtracted from before")
                .isEqualTo(new TrafficSampler.ServerRequests(2, 2, 0, 0));
    }

    private void latency(String service, String server, int count, long millis) {
        Timer timer = Timer.builder("kvroute.server.latency").tags("service", service, "server", server, "url", "http://x")
                .publishPercentiles(0.5, 0.99).register(registry);
        for (int i = 0; i < count; i++) {
            timer.record(millis, TimeUnit.MILLISECONDS);
        }
    }

    private void requests(String entryPoint, String router, String service, String code, int count) {
        Timer timer = Timer.builder("kvroute.requests")
                .tags("entrypoint", entryPoint, "router", router, "service", service, "code", code).register(registry);
        for (int i = 0; i < count; i++) {
            timer.record(1, TimeUnit.MILLISECONDS);
        }
    }

    private void servers(String service, String server, int count) {
        Counter.builder("kvroute.server.requests").tags("service", service, "server", server, "url", "http://x")
                .register(registry).increment(count);
    }
}
