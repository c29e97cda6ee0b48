package io.kvroute.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.testing.Measured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seeds' topology on one machine: etcd, {@code node1} and {@code node2} each with a backend and {@code kvroute
 * agent} (node1 also a real dockerd with one labelled container), and {@code edge} with {@code kvroute proxy}, each
 * host a network namespace on one bridge ({@link NetnsLab}), every process started from the shaded jar with the
 * README's command lines ({@link CommandLines}).
 *
 * <p>Clients run on the edge host ({@code curl} in the edge namespace): the lab's addresses exist only inside its
 * namespaces, so the test JVM in the root namespace never gets an address of the lab's subnet.
 *
 * <p>The tests run in order, each starting from "both nodes serving" (restarting what an earlier test left stopped).
 * Everything started is stopped by PID and every namespace deleted after the class, also when a test or the set-up
 * fails, and by a shutdown hook when the JVM is stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostIT {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration FIRST_START = Duration.ofSeconds(90);
    private static final Duration RESTART = Duration.ofSeconds(60);
    private static final Duration EJECTION = Duration.ofSeconds(5);
    private static final String APP = "app.test";
    private static final String SERVERS = "traefik/http/services/app/loadBalancer/servers/";
    private static final String DOCKER_PAGE = "docker on node1";
    /** Requests sent at a fixed rate across a lease expiry (TTL + ejection), to see what clients get meanwhile. */
    private static final int THROUGH_EXPIRY_REQUESTS = 1500;
    private static final int THROUGH_EXPIRY_RATE = 300;

    private NetnsLab lab;
    private LabProcesses processes;
    private NodeDocker docker;
    private StoredKeys keys;
    private EdgeClient edge;
    private Thread cleanupOnExit;
    private long labStart;

    @BeforeAll
    void buildTheHosts() throws Exception {
        Prerequisites.requireHosts();
        cleanupOnExit = new Thread(this::tearDownQuietly, "multi-host-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        labStart = System.nanoTime();
        lab = NetnsLab.create();
        processes = new LabProcesses(Path.of("target", "multihost", lab.prefix()));
        keys = new StoredKeys(lab, CommandLines.ETCD_ENDPOINT);
        edge = new EdgeClient(lab, CommandLines.ENTRY_POINT, CommandLines.DASHBOARD);
        System.out.println("multi-host lab " + lab.prefix() + ": logs in " + processes.log("x").getParent());

        processes.start("etcd", lab.exec(LabHost.ETCD, CommandLines.etcd(lab.runDir().resolve("etcd-data"))));
        await().atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(keys::healthy);
        if (Prerequisites.dockerAvailable()) {
            docker = NodeDocker.start(lab, LabHost.NODE1, processes.log("dockerd-node1"), DOCKER_PAGE);
            docker.runHttpd("hello", List.of("traefik.http.routers.hello.rule=Host(`hello.test`)",
                    "traefik.http.services.hello.loadbalancer.server.port=8081"), LabHost.NODE1.address() + ":8081");
        }
        for (LabHost node : List.of(LabHost.NODE1, LabHost.NODE2)) {
            Path www = Files.createDirectories(lab.runDir().resolve("www-" + node.hostName()));
            Files.writeString(www.resolve("index.html"), node.hostName());
            Files.writeString(servicesFile(node), CommandLines.servicesFile(node, weight(node)));
            startBackend(node);
            startAgent(node);
        }
        processes.start("proxy", lab.exec(LabHost.EDGE, CommandLines.proxy()));
    }

    @AfterAll
    void tearDown() throws Exception {
        if (cleanupOnExit != null) {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        }
        cleanUp();
    }

    @Test
    @Order(1)
    void trafficThroughTheEdgeReachesBothNodesByWeight() {
        awaitBothNodesServing(FIRST_START);
        Measured.report("lab up: both nodes registered and routed %d ms after the first process started "
                + "(three JVMs starting on a shared machine)", Measured.millisSince(labStart));

        assertThat(keys.values(List.of("traefik/http/routers/app/", "traefik/http/services/app/")))
                .isEqualTo(appKeys(true, true));
        assertThat(edge.tally(APP, 400)).isEqualTo(Map.of("200 node1", 300, "200 node2", 100));
    }

    @Test
    @Order(2)
    void aLabelledContainerOfNode1sDockerIsRoutedThroughTheEdge() {
        if (docker == null) {
            Prerequisites.requireDocker();
        }
        awaitBothNodesServing(FIRST_START);

        await().atMost(Duration.ofSeconds(30)).pollInterval(POLL).ignoreExceptions()
                .until(() -> edge.routedServers("hello", "hello"), urls -> !urls.isEmpty());

        assertThat(keys.values(List.of("traefik/http/routers/hello/", "traefik/http/services/hello/")))
                .isEqualTo(Map.of("traefik/http/routers/hello/rule", "Host(`hello.test`)",
                        "traefik/http/routers/hello/service", "hello",
                        "traefik/http/services/hello/loadBalancer/servers/node1--hello-8081/url",
                        "http://10.213.47.11:8081",
                        "traefik/http/services/hello/loadBalancer/servers/node1--hello-8081/weight", "1"));
        assertThat(edge.tally("hello.test", 10)).isEqualTo(Map.of("200 " + DOCKER_PAGE, 10));
    }

    @Test
    @Order(3)
    void aSigkilledAgentsServersVanishWithinTheTtlAndClientsSeeNoErrorsAfterEjection() throws Exception {
        awaitBothNodesServing(RESTART);

        boolean routerOnNode2sLease = routerOnNode2sLease();
        CompletableFuture<Map<Integer, Long>> throughTheExpiry = statusesThroughTheExpiry();
        long kill = System.nanoTime();
        processes.kill("agent-node2");
        long gone = awaitNode2Gone(kill);
        long ejected = awaitEjected();
        Map<Integer, Long> statuses = throughTheExpiry.get(60, TimeUnit.SECONDS);

        assertThat(edge.tally(APP, 50)).isEqualTo(Map.of("200 node1", 50));
        long restart = System.nanoTime();
        startAgent(LabHost.NODE2);
        awaitBothNodesServing(RESTART);
        long back = Measured.millisSince(restart);
        assertThat(edge.tally(APP, 400)).isEqualTo(Map.of("200 node1", 300, "200 node2", 100));
        Measured.report("agent SIGKILL (backend up): node2's keys gone %d ms after SIGKILL (TTL %d ms), edge routes node1 "
                + "only %d ms after that; restarted agent routed again %d ms after its start (JVM start included)",
                gone, CommandLines.TTL.toMillis(), ejected, back);
        measuredThroughTheExpiry("agent SIGKILL", statuses, routerOnNode2sLease);
    }

    @Test
    @Order(4)
    void aSigkilledAgentWithItsBackendKilledTooIsEjectedTheSameWay() throws Exception {
        awaitBothNodesServing(RESTART);

        long kill = System.nanoTime();
        processes.kill("backend-node2");
        processes.kill("agent-node2");
        long gone = awaitNode2Gone(kill);
        long ejected = awaitEjected();

        assertThat(edge.tally(APP, 50)).isEqualTo(Map.of("200 node1", 50));
        long restart = System.nanoTime();
        startBackend(LabHost.NODE2);
        startAgent(LabHost.NODE2);
        awaitBothNodesServing(RESTART);
        long back = Measured.millisSince(restart);
        assertThat(edge.tally(APP, 400)).isEqualTo(Map.of("200 node1", 300, "200 node2", 100));
        Measured.report("agent and backend SIGKILL: node2's keys gone %d ms after SIGKILL, edge routes node1 only %d ms "
                + "after that; restarted backend and agent routed again after %d ms", gone, ejected, back);
    }

    @Test
    @Order(5)
    void aCutLinkExpiresTheLeaseAndTheRestoredLinkRegistersOnANewLease() throws Exception {
        awaitBothNodesServing(RESTART);
        long leaseBefore = keys.all().get(SERVERS + serverId(LabHost.NODE2) + "/url").lease();
        long agentPid = processes.pid("agent-node2");

        boolean routerOnNode2sLease = routerOnNode2sLease();
        CompletableFuture<Map<Integer, Long>> throughTheExpiry = statusesThroughTheExpiry();
        long cut = System.nanoTime();
        lab.cutLink(LabHost.NODE2);
        long gone;
        long ejected;
        long restore;
        try {
            gone = awaitNode2Gone(cut);
            ejected = awaitEjected();
            measuredThroughTheExpiry("link cut", throughTheExpiry.get(60, TimeUnit.SECONDS), routerOnNode2sLease);
            assertThat(edge.tally(APP, 50)).isEqualTo(Map.of("200 node1", 50));
        } finally {
            restore = System.nanoTime();
            lab.restoreLink(LabHost.NODE2);
        }
        awaitBothNodesServing(RESTART);
        long back = Measured.millisSince(restore);

        assertThat(keys.all().get(SERVERS + serverId(LabHost.NODE2) + "/url").lease()).isNotEqualTo(leaseBefore);
        assertThat(processes.isRunning("agent-node2")).isTrue();
        assertThat(processes.pid("agent-node2")).isEqualTo(agentPid);
        assertThat(edge.tally(APP, 400)).isEqualTo(Map.of("200 node1", 300, "200 node2", 100));
        Measured.report("link cut: node2's keys gone %d ms after 'ip link set down', edge routes node1 only %d ms after "
                + "that; after 'ip link set up' the same agent re-registered on a new lease and is routed after %d ms",
                gone, ejected, back);
    }

    private boolean routerOnNode2sLease() {
        Map<String, StoredKeys.Stored> stored = keys.all();
        return stored.get("traefik/http/routers/app/rule").lease()
                == stored.get(SERVERS + serverId(LabHost.NODE2) + "/url").lease();
    }

    /** Requests at a fixed rate in the background, from now through node2's lease expiry; their statuses counted. */
    private CompletableFuture<Map<Integer, Long>> statusesThroughTheExpiry() {
        return CompletableFuture.supplyAsync(() -> edge.getAtRate(APP, THROUGH_EXPIRY_REQUESTS, THROUGH_EXPIRY_RATE)
                .stream().collect(Collectors.groupingBy(EdgeClient.Answer::status, TreeMap::new, Collectors.counting())));
    }

    private static void measuredThroughTheExpiry(String event, Map<Integer, Long> statuses, boolean routerOnNode2sLease) {
        Measured.report("%s (node2's backend up): %d requests at %d/s from the %s through node2's lease expiry, by status: "
                + "%s; the shared router keys were bound to node2's lease: %s (then they vanish with it until node1 "
                + "re-asserts them, and the edge answers 404 meanwhile)", event, THROUGH_EXPIRY_REQUESTS,
                THROUGH_EXPIRY_RATE, event, statuses, routerOnNode2sLease);
    }

    private void startBackend(LabHost node) throws Exception {
        processes.start("backend-" + node.hostName(), lab.exec(node,
                CommandLines.backend(node, lab.runDir().resolve("www-" + node.hostName()))));
    }

    private void startAgent(LabHost node) throws Exception {
        Optional<String> dockerEndpoint = node == LabHost.NODE1 && docker != null
                ? Optional.of(docker.endpoint()) : Optional.empty();
        processes.start("agent-" + node.hostName(), lab.exec(node,
                CommandLines.agent(node, servicesFile(node), dockerEndpoint)));
    }

    private Path servicesFile(LabHost node) {
        return lab.runDir().resolve("services-" + node.hostName() + ".yml");
    }

    private static int weight(LabHost node) {
        return node == LabHost.NODE1 ? 3 : 1;
    }

    private static String serverId(LabHost node) {
        return node.hostName() + "--app-" + node.address().replace('.', '-') + "-" + CommandLines.BACKEND_PORT;
    }

    private static String url(LabHost node) {
        return "http://" + node.address() + ":" + CommandLines.BACKEND_PORT;
    }

    /** The keys of router and service {@code app} when the given nodes are registered. */
    private static Map<String, String> appKeys(boolean node1, boolean node2) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("traefik/http/routers/app/rule", "Host(`app.test`)");
        expected.put("traefik/http/routers/app/service", "app");
        for (LabHost node : List.of(LabHost.NODE1, LabHost.NODE2)) {
            if (node == LabHost.NODE1 ? node1 : node2) {
                expected.put(SERVERS + serverId(node) + "/url", url(node));
                expected.put(SERVERS + serverId(node) + "/weight", Integer.toString(weight(node)));
            }
        }
        return expected;
    }

    private boolean storedAndRouted(boolean node2) {
        List<String> urls = new ArrayList<>(List.of(url(LabHost.NODE1)));
        if (node2) {
            urls.add(url(LabHost.NODE2));
        }
        return keys.values(List.of("traefik/http/routers/app/", "traefik/http/services/app/"))
                .equals(appKeys(true, node2)) && edge.routedServers("app", "app").equals(urls);
    }

    /** Starts node2's backend and agent if an earlier test left them stopped, then waits until both are routed. */
    private void awaitBothNodesServing(Duration atMost) {
        try {
            if (!processes.isRunning("backend-node2")) {
                startBackend(LabHost.NODE2);
            }
            if (!processes.isRunning("agent-node2")) {
                startAgent(LabHost.NODE2);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart node2", e);
        }
        await("both nodes stored and routed").atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> storedAndRouted(true));
        // Listed is not yet answering: after a cut link the edge's pooled connections to node2 are stale, and the
        // GETs that meet them go to node1 (no client error) while node2 is passively ejected for a moment.
        await("node2 answers through the edge").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> edge.tally(APP, 4).containsKey("200 node2"));
    }

    /**
     * Waits at most TTL + 3 s until node2's server keys are gone (etcd revokes an expired lease on its leader's next
     * check, later on a loaded machine: 4.5 s for a 3 s TTL was seen in CI); returns the milliseconds since
     * {@code start}.
     */
    private long awaitNode2Gone(long start) {
        Duration bound = CommandLines.TTL.plusSeconds(3);
        await("node2's keys gone").atMost(bound).pollInterval(POLL)
                .until(() -> keys.all().keySet().stream().noneMatch(key -> key.contains("/" + serverId(LabHost.NODE2))));
        long gone = Measured.millisSince(start);
        assertThat(gone).isLessThan(bound.toMillis());
        return gone;
    }

    /**
     * Waits until the store holds exactly node1's server and the shared router keys again (they are re-asserted by
     * node1 when node2's lease took them along) and the edge routes node1 alone; returns how long that took.
     */
    private long awaitEjected() {
        long start = System.nanoTime();
        await("edge routes node1 only").atMost(EJECTION).pollInterval(POLL).ignoreExceptions()
                .until(() -> storedAndRouted(false));
        return Measured.millisSince(start);
    }

    private void tearDownQuietly() {
        try {
            cleanUp();
        } catch (Exception e) {
            System.err.println("multi-host lab clean-up failed: " + e);
        }
    }

    /** Stops dockerd, every process (by PID), then deletes the namespaces; once, whoever calls first. */
    private synchronized void cleanUp() throws Exception {
        List<Exception> failures = new ArrayList<>();
        if (docker != null) {
            try {
                docker.close();
            } catch (Exception e) {
                failures.add(e);
            }
            docker = null;
        }
        if (processes != null) {
            try {
                processes.close();
            } catch (Exception e) {
                failures.add(e);
            }
            processes = null;
        }
        if (lab != null) {
            List<Long> left = lab.remainingPids();
            if (!left.isEmpty()) {
                left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                failures.add(new IllegalStateException("processes left in the lab's namespaces (SIGKILLed): " + left));
            }
            try {
                lab.close();
            } catch (Exception e) {
                failures.add(e);
            }
            lab = null;
        }
        if (!failures.isEmpty()) {
            Exception first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
