package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.agent.runtime.AgentRuntime;
import io.kvroute.agent.testing.DockerdExtension;
import io.kvroute.agent.testing.HttpdSpec;
import io.kvroute.agent.testing.RunningContainer;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.RunningProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code docker stop} of the only replica of a service under load through the proxy (issue 16): the agent drains the
 * container's server at Docker's kill event (weight 0) and the proxy keeps sending it requests, as no other server
 * can take them, instead of answering 503 while it still runs. busybox httpd as PID 1 ignores SIGTERM, so the
 * container serves until Docker's SIGKILL {@link #STOP_TIMEOUT_SECONDS} after the stop: every request that ended a
 * second before that succeeded. Real dockerd, etcd, agent and proxy; the load is bounded in time and count.
 */
class SoleReplicaDockerStopIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    @RegisterExtension
    static final DockerdExtension DOCKER = new DockerdExtension();

    private static final int STOP_TIMEOUT_SECONDS = 5;
    /** Requests that ended within this long after the stop began were served while the container surely ran. */
    private static final Duration STILL_RUNNING = Duration.ofSeconds(STOP_TIMEOUT_SECONDS - 1);
    private static final int CLIENTS = 4;
    private static final int MAX_REQUESTS_PER_CLIENT = 20_000;

    /** One request: when it ended ({@link System#nanoTime()}) and its status, 0 when it failed without one. */
    private record Outcome(long endedAt, int status) {
    }

    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean loading = new AtomicBoolean(true);

    @Test
    void theDrainedOnlyReplicaServesEveryRequestUntilItIsKilled() throws Exception {
        int port = DockerdExtension.freePort();
        RunningContainer solo = DOCKER.startHttpd(HttpdSpec.httpd("solo", port)
                .withLabel("traefik.http.routers.solo.rule", "Host(`solo.test`)")
                .withLabel("traefik.http.services.solo.loadbalancer.server.port", Integer.toString(port)));
        try (RunningProxy proxy = RunningProxy.start(ETCD); KvStore agentStore = KvStores.openForAgent(ETCD.settings())) {
            AgentRuntime agent = AgentRuntime.start(DockerAgents.onLoopback(DOCKER), agentStore);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> proxy.get("solo.test", "/").statusCode() == 200);
                List<Thread> clients = IntStream.range(0, CLIENTS).mapToObj(i -> load(proxy)).toList();

                long stopAt = System.nanoTime();
                CompletableFuture<Void> stopped = CompletableFuture.runAsync(
                        () -> DOCKER.stop(solo.id(), STOP_TIMEOUT_SECONDS));
                await().atMost(STILL_RUNNING).pollInterval(Duration.ofMillis(5)).until(() -> drained(proxy));
                long drainedAt = System.nanoTime();
                stopped.get(30, TimeUnit.SECONDS);
                loading.set(false);
                for (Thread client : clients) {
                    client.join(TimeUnit.SECONDS.toMillis(20));
                    assertThat(client.isAlive()).as("client thread still running").isFalse();
                }

                long runningUntil = stopAt + STILL_RUNNING.toNanos();
                List<Outcome> whileRunning = outcomes.stream()
                        .filter(o -> o.endedAt() >= stopAt && o.endedAt() < runningUntil).toList();
                long afterDrain = whileRunning.stream().filter(o -> o.endedAt() >= drainedAt).count();
                List<Outcome> failed = whileRunning.stream().filter(o -> o.status() != 200).toList();
                System.out.printf("docker stop of the only replica: %d requests while it ran (%d after its drain was "
                        + "served), %d failed%n", whileRunning.size(), afterDrain, failed.size());
                assertThat(afterDrain).as("requests answered while the only server was drained").isGreaterThan(20);
                assertThat(failed).as("requests that failed while the container ran").isEmpty();
            } finally {
                loading.set(false);
                agent.close();
                DOCKER.remove(solo.id());
            }
        }
    }

    /** True once the proxy's configuration has the container's server at weight 0. */
    private static boolean drained(RunningProxy proxy) {
        return proxy.runtime().config()
                .map(config -> config.model().services().get("solo"))
                .filter(LoadBalancerService.class::isInstance)
                .map(service -> ((LoadBalancerService) service).servers())
                .filter(servers -> servers.size() == 1)
                .map(servers -> servers.get(0))
                .map(Server::weight)
                .filter(weight -> weight.isPresent() && weight.getAsLong() == 0)
                .isPresent();
    }

    private Thread load(RunningProxy proxy) {
        Thread client = new Thread(() -> {
            for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && loading.get(); i++) {
                int status;
                try {
                    status = proxy.get("solo.test", "/").statusCode();
                } catch (RuntimeException failed) {
                    status = 0;
                }
                outcomes.add(new Outcome(System.nanoTime(), status));
            }
        }, "solo-load");
        client.start();
        return client;
    }
}
