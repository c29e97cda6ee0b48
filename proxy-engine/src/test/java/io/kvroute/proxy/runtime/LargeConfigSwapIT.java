package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.balancer.ServiceBalancer;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 1,000 servers in 200 services, written in etcd transactions of at most 100 operations, decode and swap in fast. */
class LargeConfigSwapIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    private static final int SERVICES = 200;
    private static final int SERVERS_PER_SERVICE = 5;
    private static final int OPS_PER_TRANSACTION = 100;

    @Test
    void aThousandServersSwapInWellUnderASecondAfterTheLastCommit() {
        List<Backend> backends = IntStream.range(0, SERVERS_PER_SERVICE).mapToObj(i -> Backend.start("b" + i)).toList();
        try (RunningProxy proxy = RunningProxy.start(ETCD)) {
            List<Map<String, String>> transactions = transactions(backends);
            for (Map<String, String> transaction : transactions.subList(0, transactions.size() - 1)) {
                proxy.put(transaction);
            }

            long start = System.nanoTime();
            long last = proxy.put(transactions.get(transactions.size() - 1));
            Duration swapped = untilServed(proxy, last, start);

            System.out.printf("%d servers in %d services (%d transactions): last commit -> snapshot %d ms%n",
                    SERVICES * SERVERS_PER_SERVICE, SERVICES, transactions.size(), swapped.toMillis());
            assertThat(swapped).isLessThan(Duration.ofSeconds(5));
            Map<String, ServiceBalancer> balancers = proxy.runtime().snapshot().routing().balancers().balancers();
            assertThat(balancers).hasSize(SERVICES);
            assertThat(balancers.values().stream().mapToInt(b -> b.servers().size()).sum())
                    .isEqualTo(SERVICES * SERVERS_PER_SERVICE);
            HttpResponse<String> last199 = proxy.get("svc199.big.test", "/");
            assertThat(last199.statusCode()).isEqualTo(200);
        } finally {
            backends.forEach(Backend::close);
        }
    }

    private static List<Map<String, String>> transactions(List<Backend> backends) {
        List<Map<String, String>> transactions = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (int s = 0; s < SERVICES; s++) {
            TraefikKeys keys = new TraefikKeys().router("svc" + s, "Host(`svc" + s + ".big.test`)", "svc" + s);
            for (int i = 0; i < SERVERS_PER_SERVICE; i++) {
                keys.server("svc" + s, "node" + i + "-svc" + s, backends.get(i).url());
            }
            Map<String, String> service = keys.build();
            if (current.size() + service.size() > OPS_PER_TRANSACTION) {
                transactions.add(current);
                current = new LinkedHashMap<>();
            }
            current.putAll(service);
        }
        transactions.add(current);
        return transactions;
    }

    private static Duration untilServed(RunningProxy proxy, long revision, long start) {
        long deadline = start + Duration.ofSeconds(30).toNanos();
        while (proxy.servedRevision() < revision) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("revision " + revision + " not served within 30 s");
            }
            LockSupport.parkNanos(100_000);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
