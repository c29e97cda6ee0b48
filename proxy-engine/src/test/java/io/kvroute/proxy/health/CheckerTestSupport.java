package io.kvroute.proxy.health;

import static org.awaitility.Awaitility.await;

import io.kvroute.proxy.balancer.ServerKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh checker (rise 2, fall 2, ejections of 200ms up to 800ms) with a recording listener and real meters. */
abstract class CheckerTestSupport {
    static final HealthSettings SETTINGS = new HealthSettings(2, 2, Duration.ofMillis(200), Duration.ofMillis(800));

    final RecordingListener listener = new RecordingListener();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<TestBackend> backends = new ArrayList<>();
    private Set<ProbeTarget> watched = Set.of();
    private int barriers;
    HealthChecker checker;

    @BeforeEach
    void startChecker() {
        checker = new HealthChecker(SETTINGS, listener, new MicrometerHealthMetrics(registry));
    }

    @AfterEach
    void stopEverything() {
        checker.close();
        backends.forEach(TestBackend::close);
    }

    /** Hands {@code targets} to the checker and remembers them for {@link #barrier()}. */
    void watch(Set<ProbeTarget> targets) {
        watched = Set.copyOf(targets);
        checker.update(watched);
    }

    /**
     * Returns once the checker has run every task handed to it before this call: it hands over one more update (the
     * watched targets plus a marker server) and waits until the marker shows in the view.
     */
    void barrier() {
        ServerKey marker = new ServerKey("barrier", "b" + ++barriers);
        Set<ProbeTarget> targets = new HashSet<>(watched);
        targets.add(new ProbeTarget(marker, "http://127.0.0.1:1", Optional.empty()));
        checker.update(targets);
        awaitWatched(marker);
    }

    TestBackend backend() {
        TestBackend backend = new TestBackend();
        backends.add(backend);
        return backend;
    }

    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5));
    }

    ServerHealth awaitState(ServerKey key, HealthState state) {
        return eventually().until(() -> checker.view().server(key),
                health -> health.map(h -> h.state() == state).orElse(false)).orElseThrow();
    }

    /** Waits until the listener has been told {@code count} changes in all. */
    void awaitChanges(int count) {
        eventually().until(() -> listener.changes().size() >= count);
    }

    ServerHealth awaitWatched(ServerKey key) {
        return eventually().until(() -> checker.view().server(key), Optional::isPresent).orElseThrow();
    }

    /** A loopback port nobody listens on (bound once, then released). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    double counter(String name, String tag, String value) {
        return registry.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
