package io.kvroute.proxy.web;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.micrometer.core.instrument.Counter;
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
 * Keeps the last {@value #WINDOW} seconds (5 minutes) of traffic for the dashboard's charts: once a second it reads
 * the proxy's meters ({@code kvroute.requests} by router, service and status class,
 * {@code kvroute.service.latency} with p50/p99, {@code kvroute.server.requests} and {@code kvroute.server.latency} per
 * server) and stores, per service, the requests and 5xx answers of that second and the latency percentiles; per
 * server, its requests in the window and since start (the share each server gets) and its p50/p99 over the last 5
 * minutes (its timer's own window); for the whole proxy, the requests, the requests no router matched
 * (Traefik's 404 "no route") and the 5xx answers of that second, with their totals since start. A sample taken
 * late in the same second as the one before (the timer catching up) is added to it: one sample per second.
 */
final class TrafficSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficSampler.class);
    static final int WINDOW = 300;
    /** The router and service tag of requests that matched no router. */
    private static final String NONE = "none";

    /** One second of one service's traffic: requests and 5xx answers in it, latency percentiles in ms. */
    record Sample(long epochSecond, long requests, long errors, double p50Millis, double p99Millis) {
    }

    /** One second of the whole proxy: requests, those no router matched, and 5xx answers. */
    record GlobalSample(long epochSecond, long requests, long noRoute, long errors) {
    }

    /**
     * A server's requests within the window and since the proxy started, and its latency percentiles in ms over the
     * last 5 minutes (0 when it had no request in the window).
     */
    record ServerRequests(long inWindow, long sinceStart, double p50Millis, double p99Millis) {
    }

    /** What the charts show: per service, per service and server id, and for the whole proxy with its totals. */
    record History(SortedMap<String, List<Sample>> services, SortedMap<String, SortedMap<String, ServerRequests>> servers,
            List<GlobalSample> global, GlobalSample totals) {
        static final History EMPTY = new History(new TreeMap<>(), new TreeMap<>(), List.of(), new GlobalSample(0, 0, 0, 0));
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
    @GuardedBy("this")
    private final Map<List<String>, Long> previousServers = new HashMap<>();
    /** The window of each server that had requests in it (a server idle for the whole window has none). */
    @GuardedBy("this")
    private final Map<List<String>, Deque<Long>> serverHistory = new HashMap<>();
    /** Each server's p50 and p99 in ms as last read. */
    @GuardedBy("this")
    private final Map<List<String>, double[]> serverLatency = new HashMap<>();
    @GuardedBy("this")
    private long serversSampledAt = -1;
    @GuardedBy("this")
    private GlobalSample previousGlobal = new GlobalSample(0, 0, 0, 0);
    @GuardedBy("this")
    private final Deque<GlobalSample> globalHistory = new ArrayDeque<>();
    private final AtomicReference<History> published = new AtomicReference<>(History.EMPTY);

    TrafficSampler(MeterRegistry registry, Clock clock) {
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

    /** The samples of the window, oldest first, at most {@value #WINDOW} per series. */
    History history() {
        return published.get();
    }

    /** Takes one sample now (the timer does this every second). */
    synchronized void sample() {
        try {
            read();
        } catch (RuntimeException e) {
            LOG.warn("traffic sample failed; the charts miss this second", e);
        }
    }

    @GuardedBy("this")
    private void read() {
        Map<String, Totals> totals = new HashMap<>();
        long allRequests = 0;
        long noRoute = 0;
        long allErrors = 0;
        for (Timer requests : registry.find("kvroute.requests").timers()) {
            String service = requests.getId().getTag("service");
            boolean error = "5xx".equals(requests.getId().getTag("code"));
            allRequests += requests.count();
            allErrors += error ? requests.count() : 0;
            if (NONE.equals(requests.getId().getTag("router"))) {
                noRoute += requests.count();
            }
            if (service == null || service.equals(NONE)) {
                continue;
            }
            totals.merge(service, new Totals(requests.count(), error ? requests.count() : 0),
                    (a, b) -> new Totals(a.requests() + b.requests(), a.errors() + b.errors()));
        }
        Map<String, double[]> latency = new HashMap<>();
        for (Timer timer : registry.find("kvroute.service.latency").timers()) {
            latency.put(timer.getId().getTag("service"), percentiles(timer));
        }
        long second = clock.instant().getEpochSecond();
        totals.forEach((service, now) -> {
            Totals before = previous.getOrDefault(service, new Totals(0, 0));
            double[] percentiles = latency.getOrDefault(service, new double[] {0, 0});
            Deque<Sample> samples = history.computeIfAbsent(service, name -> new ArrayDeque<>());
            Sample sample = new Sample(second, now.requests() - before.requests(), now.errors() - before.errors(),
                    percentiles[0], percentiles[1]);
            Sample last = samples.peekLast();
            if (last != null && last.epochSecond() == second) {
                samples.removeLast();
                sample = new Sample(second, last.requests() + sample.requests(), last.errors() + sample.errors(),
                        sample.p50Millis(), sample.p99Millis());
            }
            append(samples, sample);
        });
        previous.putAll(totals);
        readServers(second);
        GlobalSample all = new GlobalSample(second, allRequests, noRoute, allErrors);
        GlobalSample sample = new GlobalSample(second, all.requests() - previousGlobal.requests(),
                all.noRoute() - previousGlobal.noRoute(), all.errors() - previousGlobal.errors());
        GlobalSample last = globalHistory.peekLast();
        if (last != null && last.epochSecond() == second) {
            globalHistory.removeLast();
            sample = new GlobalSample(second, last.requests() + sample.requests(), last.noRoute() + sample.noRoute(),
                    last.errors() + sample.errors());
        }
        append(globalHistory, sample);
        previousGlobal = all;
        publish();
    }

    /** A timer's p50 and p99 in ms. */
    private static double[] percentiles(Timer timer) {
        double[] percentiles = {0, 0};
        for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
            percentiles[value.percentile() < 0.9 ? 0 : 1] = value.value(TimeUnit.MILLISECONDS);
        }
        return percentiles;
    }

    /**
     * Each server's p50 and p99 over its timer's window; a server whose timers count under several URLs gets the
     * highest of each (the slower reading).
     */
    @GuardedBy("this")
    private void readServerLatency() {
        serverLatency.clear();
        for (Timer timer : registry.find("kvroute.server.latency").timers()) {
            List<String> key = List.of(String.valueOf(timer.getId().getTag("service")),
                    String.valueOf(timer.getId().getTag("server")));
            serverLatency.merge(key, percentiles(timer),
                    (a, b) -> new double[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
        }
    }

    /**
     * Adds each server's requests of {@code second} (its counter may count under several URLs: summed; a second
     * sampled twice adds to its sample). A server whose window holds no request is dropped from the history (its
     * total since start stays), so servers that came and went do not keep a window each; a server whose meters are
     * gone (the proxy removes those of servers that left and stayed idle for the window) is dropped altogether, and
     * one of its counters that went away or started again from 0 counts no negative requests.
     */
    @GuardedBy("this")
    private void readServers(long second) {
        Map<List<String>, Long> counts = new HashMap<>();
        for (Counter counter : registry.find("kvroute.server.requests").counters()) {
            List<String> key = List.of(String.valueOf(counter.getId().getTag("service")),
                    String.valueOf(counter.getId().getTag("server")));
            counts.merge(key, (long) counter.count(), Long::sum);
        }
        boolean sameSecond = second == serversSampledAt;
        serversSampledAt = second;
        previousServers.keySet().retainAll(counts.keySet());
        serverHistory.keySet().retainAll(counts.keySet());
        counts.forEach((key, count) -> {
            long requests = Math.max(0, count - previousServers.getOrDefault(key, 0L));
            Deque<Long> window = serverHistory.get(key);
            if (window == null && requests == 0) {
                return;
            }
            if (window == null) {
                window = new ArrayDeque<>();
                serverHistory.put(key, window);
            }
            if (sameSecond && !window.isEmpty()) {
                window.addLast(window.removeLast() + requests);
            } else {
                append(window, requests);
            }
            if (requests == 0 && window.stream().allMatch(sample -> sample == 0)) {
                serverHistory.remove(key);
            }
        });
        previousServers.putAll(counts);
        readServerLatency();
    }

    private static <T> void append(Deque<T> samples, T sample) {
        samples.addLast(sample);
        while (samples.size() > WINDOW) {
            samples.removeFirst();
        }
    }

    @GuardedBy("this")
    private void publish() {
        SortedMap<String, List<Sample>> services = new TreeMap<>();
        history.forEach((service, samples) -> services.put(service, List.copyOf(new ArrayList<>(samples))));
        SortedMap<String, SortedMap<String, ServerRequests>> servers = new TreeMap<>();
        previousServers.forEach((key, sinceStart) -> {
            Deque<Long> window = serverHistory.get(key);
            long inWindow = window == null ? 0 : window.stream().mapToLong(Long::longValue).sum();
            double[] latency = inWindow == 0 ? new double[] {0, 0}
                    : serverLatency.getOrDefault(key, new double[] {0, 0});
            servers.computeIfAbsent(key.get(0), service -> new TreeMap<>())
                    .put(key.get(1), new ServerRequests(inWindow, sinceStart, latency[0], latency[1]));
        });
        published.set(new History(services, servers, List.copyOf(new ArrayList<>(globalHistory)), previousGlobal));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
