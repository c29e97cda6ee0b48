package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.balancer.ServerKey;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What publishing the view costs the checker's thread at bench/scale's 10,000 servers (2,000 services of 5): a change
 * of one service's servers copies that service and one reference per service, not every server. Counted in bytes the
 * checker's thread allocates per update (CPU time is printed only); a view that copies every server again (at least
 * half a megabyte per update) fails it.
 */
class ViewCostTest extends CheckerTestSupport {
    private static final int SERVICES = 2_000;
    private static final int SERVERS_PER_SERVICE = 5;
    private static final int WARM_UP = 300;
    private static final int MEASURED = 300;

    @Test
    void aChangedServiceCostsItsServersNotTheWholeView() {
        Set<ProbeTarget> all = new HashSet<>();
        for (int service = 0; service < SERVICES; service++) {
            all.addAll(targets(service, 0));
        }
        watch(all);
        ServerKey last = new ServerKey("s" + (SERVICES - 1), "0");
        awaitWatched(last);

        for (int i = 0; i < WARM_UP; i++) {
            changeService(i);
        }
        awaitUrl(WARM_UP - 1);
        Thread health = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("kvroute-health I/O-1")).findFirst().orElseThrow();
        long cpuBefore = threads().getThreadCpuTime(health.getId());
        long allocatedBefore = threads().getThreadAllocatedBytes(health.getId());
        for (int i = WARM_UP; i < WARM_UP + MEASURED; i++) {
            changeService(i);
        }
        awaitUrl(WARM_UP + MEASURED - 1);
        long cpu = (threads().getThreadCpuTime(health.getId()) - cpuBefore) / MEASURED;
        long allocated = (threads().getThreadAllocatedBytes(health.getId()) - allocatedBefore) / MEASURED;

        System.out.printf("one changed service among %,d servers: checker %d us CPU, %,d bytes%n",
                SERVICES * SERVERS_PER_SERVICE, cpu / 1000, allocated);
        assertThat(checker.view().servers()).hasSize(SERVICES * SERVERS_PER_SERVICE);
        assertThat(allocated).as("bytes the checker allocates per changed service").isLessThan(256 * 1024);
    }

    /** Moves every server of service {@code i % SERVICES} to port {@code 20000 + i}. */
    private void changeService(int i) {
        int service = i % SERVICES;
        Map<String, Set<ProbeTarget>> changed = new HashMap<>();
        changed.put("s" + service, targets(service, i));
        checker.updateServices(changed);
    }

    private void awaitUrl(int i) {
        ServerKey key = new ServerKey("s" + i % SERVICES, "0");
        eventually().until(() -> checker.view().server(key).map(ServerHealth::url)
                .equals(Optional.of("http://127.0.0.1:" + (20_000 + i))));
    }

    private static Set<ProbeTarget> targets(int service, int port) {
        Set<ProbeTarget> targets = new HashSet<>();
        for (int server = 0; server < SERVERS_PER_SERVICE; server++) {
            targets.add(new ProbeTarget(new ServerKey("s" + service, Integer.toString(server)),
                    "http://127.0.0.1:" + (20_000 + port), Optional.empty()));
        }
        return targets;
    }

    private static com.sun.management.ThreadMXBean threads() {
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }
}
