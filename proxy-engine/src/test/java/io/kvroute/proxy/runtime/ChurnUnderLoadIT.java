package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Servers added, drained (weight 0), removed and then stopped while 8 clients send requests: not one request fails.
 * The load is bounded in time (the steps take about 5 s) and in count (per client).
 */
class ChurnUnderLoadIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    private static final int CLIENTS = 8;
    private static final int MAX_REQUESTS_PER_CLIENT = 20_000;
    private static final Duration STEP_PAUSE = Duration.ofMillis(400);
    private static final Duration STOP_AFTER_REMOVAL = Duration.ofMillis(300);
    private static final String SERVICE = "churn";

    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final AtomicLong succeeded = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();

    @Test
    void addingDrainingAndRemovingServersUnderLoadFailsNoRequest() throws Exception {
        List<Backend> servers = IntStream.rangeClosed(1, 5).mapToObj(i -> Backend.start("s" + i)).toList();
        try (RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys().router(SERVICE, "Host(`churn.test`)", SERVICE)
                    .server(SERVICE, "s1", servers.get(0).url()).server(SERVICE, "s2", servers.get(1).url()).build());
            List<Thread> clients = IntStream.range(0, CLIENTS).mapToObj(i -> load(proxy, i)).toList();

            add(proxy, servers.get(2));
            drainRemoveStop(proxy, servers.get(0));
            add(proxy, servers.get(3));
            drainRemoveStop(proxy, servers.get(1));
            add(proxy, servers.get(4));
            drainRemoveStop(proxy, servers.get(2));

            loading.set(false);
            for (Thread client : clients) {
                client.join(TimeUnit.SECONDS.toMillis(20));
                assertThat(client.isAlive()).as("client thread still running").isFalse();
            }
            System.out.printf("churn: %d requests by %d clients, %d failed%n", succeeded.get() + failures.size(),
                    CLIENTS, failures.size());
            assertThat(failures).isEmpty();
            assertThat(succeeded.get()).isGreaterThan(100);
            List<String> answers = IntStream.range(0, 10).mapToObj(i -> proxy.get("churn.test", "/").body()).toList();
            assertThat(answers).containsOnly("s4", "s5");
        } finally {
            servers.forEach(Backend::close);
        }
    }

    private Thread load(RunningProxy proxy, int client) {
        HttpRequest request = proxy.request("churn.test", "/").GET().build();
        Thread thread = new Thread(() -> {
            for (int i = 0; i < MAX_REQUESTS_PER_CLIENT && loading.get(); i++) {
                try {
                    HttpResponse<String> response = proxy.client().send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 == 2) {
                        succeeded.incrementAndGet();
                    } else {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }, "churn-client-" + client);
        thread.start();
        return thread;
    }

    private static void add(RunningProxy proxy, Backend server) throws InterruptedException {
        proxy.apply(new TraefikKeys().server(SERVICE, server.name(), server.url()).build());
        Thread.sleep(STEP_PAUSE.toMillis());
    }

    private static void drainRemoveStop(RunningProxy proxy, Backend server) throws InterruptedException {
        proxy.apply(new TraefikKeys().server(SERVICE, server.name(), server.url(), 0).build());
        Thread.sleep(STEP_PAUSE.toMillis());
        proxy.awaitRevision(proxy.delete(TraefikKeys.serverKey(SERVICE, server.name(), "url"),
                TraefikKeys.serverKey(SERVICE, server.name(), "weight")));
        Thread.sleep(STOP_AFTER_REMOVAL.toMillis());
        server.stop();
        Thread.sleep(STEP_PAUSE.toMillis());
    }
}
