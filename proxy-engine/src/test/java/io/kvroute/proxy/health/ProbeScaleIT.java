package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.model.HealthCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.undertow.Undertow;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many servers probed at once: {@value #SERVERS} servers (ten per port of a real Undertow on 127.0.0.1, each with a
 * path of its own) at a 1 s interval. After two probes each, every server is probed three more times, none much
 * later than its interval, and every server is UP. Prints the probes counted and the checker thread's CPU per
 * probe; the exact figures come from a benchmark, the bounds here are generous.
 */
class ProbeScaleIT {
    private static final int SERVERS = 500;
    private static final int SERVERS_PER_PORT = 10;
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** How much later than its interval a probe may arrive here, on a CI machine shared by other work. */
    private static final Duration LATE_BOUND = Duration.ofSeconds(2);
    private static final String CHECKER_THREAD = "kvroute-health I/O-1";
    /** Probes per server before measuring: the first round (connects, a cold JIT) is not what is measured. */
    private static final int WARM_UP_PROBES = 2;

    private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
    private Undertow origin;
    private HealthChecker checker;

    @AfterEach
    void stop() {
        if (checker != null) {
            checker.close();
        }
        if (origin != null) {
            origin.stop();
        }
    }

    @Test
    void fiveHundredServersAtOneSecondAreAllProbedOnTime() {
        Undertow.Builder builder = Undertow.builder().setHandler(exchange -> {
            arrivals.computeIfAbsent(exchange.getRequestPath(), path -> new CopyOnWriteArrayList<>())
                    .add(System.nanoTime());
            exchange.getResponseSender().send("ok");
        });
        for (int port = 0; port < SERVERS / SERVERS_PER_PORT; port++) {
            builder.addHttpListener(0, "127.0.0.1");
        }
        origin = builder.build();
        origin.start();
        Set<ProbeTarget> targets = new HashSet<>();
        HealthCheck spec = HealthCheck.ofPath("/health").withInterval(INTERVAL).withTimeout(Duration.ofSeconds(2));
        for (int server = 0; server < SERVERS; server++) {
            int port = ((InetSocketAddress) origin.getListenerInfo().get(server / SERVERS_PER_PORT).getAddress())
                    .getPort();
            targets.add(ProbeTarget.of("svc" + server / SERVERS_PER_PORT, "s" + server,
                    "http://127.0.0.1:" + port + "/s" + server, Optional.of(spec)));
        }
        checker = new HealthChecker(HealthSettings.defaults(), HealthListener.NONE,
                new MicrometerHealthMetrics(new SimpleMeterRegistry()));

        checker.update(targets);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> arrivals.size()
                == SERVERS && arrivals.values().stream().allMatch(times -> times.size() >= WARM_UP_PROBES));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long checkerThread = checkerThreadId();
        long checkerCpu = threads.getThreadCpuTime(checkerThread);
        long probesBefore = probes();
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> arrivals.values().stream().allMatch(times -> times.size() >= WARM_UP_PROBES + 3));
        long probed = probes() - probesBefore;
        long cpu = threads.getThreadCpuTime(checkerThread) - checkerCpu;
        double seconds = (System.nanoTime() - started) / 1e9;

        long lateMillis = maxLatenessAfter(started).toMillis();
        System.out.printf("ProbeScaleIT: %d servers at 1s: %d probes in %.1f s (%.0f/s), checker thread CPU %.1f us "
                + "per probe (%.1f%% of one core), latest probe %d ms after its interval%n", SERVERS, probed, seconds,
                probed / seconds, cpu / 1e3 / probed, 100.0 * cpu / 1e9 / seconds, lateMillis);
        assertThat(lateMillis).isLessThanOrEqualTo(LATE_BOUND.toMillis());
        assertThat(checker.view().servers()).hasSize(SERVERS);
        assertThat(checker.view().servers().values()).allSatisfy(health ->
                assertThat(health.state()).isEqualTo(HealthState.UP));
    }

    private long probes() {
        return arrivals.values().stream().mapToLong(List::size).sum();
    }

    /** The longest time between two probes of one server, the second after {@code since}, less the interval. */
    private Duration maxLatenessAfter(long since) {
        long worst = 0;
        for (List<Long> times : arrivals.values()) {
            List<Long> sorted = new ArrayList<>(times);
            sorted.sort(null);
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i) - since < 0) {
                    continue;
                }
                worst = Math.max(worst, sorted.get(i) - sorted.get(i - 1) - INTERVAL.toNanos());
            }
        }
        return Duration.ofNanos(worst);
    }

    private static long checkerThreadId() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(CHECKER_THREAD))
                .mapToLong(Thread::getId).findFirst().orElseThrow();
    }
}
