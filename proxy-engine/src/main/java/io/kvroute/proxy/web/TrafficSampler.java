package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the last {@value #WINDOW} seconds of traffic per service for the dashboard's charts: once a second it reads
 * the proxy's meters ({@code kvroute.requests} by service and status class, {@code kvroute.service.latency} with
 * p50/p99) and stores the requests and 5xx answers of that second and the latency percentiles.
 */
final class TrafficSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficSampler.class);
    static final int WINDOW = 60;

    /** One second of one service's traffic: requests and 5xx answers in it, latency percentiles in ms. */
    record Sample(long epochSecond, long requests, long errors, double p50Millis, double p99Millis) {
    }

    private record Totals(long requests, long errors) {
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    @GuardedBy("this")
    private final Map<String, Totals> previous = new HashMap<>();
    @GuardedBy("this")
    private final Map<String, Deque<Sample>> history = new HashMap<>();
    private final AtomicReference<SortedMap<String, List<Sample>>> published = new AtomicReference<>(new TreeMap<>());

    private TrafficSampler(MeterRegistry registry, Clock clock) {
        this.registry = requireNonNull(registry, "registry");
        this.clock = requireNonNull(clock, "clock");
        this.timer = Executors.newSingleThreadScheduledExecutor(
                new ThreadFactoryBuilder().setNameFormat("kvroute-web-traffic").setDaemon(true).build());
    }

    /** Samples {@code registry} every second from now on. */
    static TrafficSampler start(MeterRegistry registry) {
        TrafficSampler sampler = new TrafficSampler(registry, Clock.systemUTC());
        sampler.timer.scheduleAtFixedRate(sampler::sample, 0, 1, TimeUnit.SECONDS);
        return sampler;
    }

    /** The samples of each service, oldest first, at most {@value #WINDOW}. */
    SortedMap<String, List<Sample>> history() {
        return published.get();
    }

    private synchronized void sample() {
        try {
            read();
        } catch (RuntimeException e) {
            LOG.warn("traffic sample failed; the charts miss this second", e);
        }
    }

    @GuardedBy("this")
    private void read() {
        Map<String, Totals> totals = new HashMap<>();
        for (Timer requests : registry.find("kvroute.requests").timers()) {
            String service = requests.getId().getTag("service");
            if (service == null || service.equals("none")) {
                continue;
            }
            boolean error = "5xx".equals(requests.getId().getTag("code"));
            totals.merge(service, new Totals(requests.count(), error ? requests.count() : 0),
                    (a, b) -> new Totals(a.requests() + b.requests(), a.errors() + b.errors()));
        }
        Map<String, double[]> latency = new HashMap<>();
        for (Timer timer : registry.find("kvroute.service.latency").timers()) {
            double[] percentiles = {0, 0};
            for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
                percentiles[value.percentile() < 0.9 ? 0 : 1] = value.value(TimeUnit.MILLISECONDS);
            }
            latency.put(timer.getId().getTag("service"), percentiles);
        }
        long second = clock.instant().getEpochSecond();
        totals.forEach((service, now) -> {
            Totals before = previous.getOrDefault(service, new Totals(0, 0));
            double[] percentiles = latency.getOrDefault(service, new double[] {0, 0});
            Deque<Sample> samples = history.computeIfAbsent(service, name -> new ArrayDeque<>());
            samples.addLast(new Sample(second, now.requests() - before.requests(), now.errors() - before.errors(),
                    percentiles[0], percentiles[1]));
            while (samples.size() > WINDOW) {
                samples.removeFirst();
            }
        });
        previous.putAll(totals);
        SortedMap<String, List<Sample>> copy = new TreeMap<>();
        history.forEach((service, samples) -> copy.put(service, List.copyOf(new ArrayList<>(samples))));
        published.set(copy);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
