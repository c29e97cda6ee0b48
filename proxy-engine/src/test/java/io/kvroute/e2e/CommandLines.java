package io.kvroute.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command lines the lab's hosts run, the same as the README's "Three hosts" walk-through with {@code java -jar
 * target/kvroute.jar} for {@code kvroute} and the lab's addresses ({@code 10.213.47.2} etcd, {@code .3} edge,
 * {@code .11} node1, {@code .12} node2).
 */
final class CommandLines {
    static final String ETCD_ENDPOINT = LabHost.ETCD.address() + ":2379";
    static final String ENTRY_POINT = LabHost.EDGE.address() + ":8000";
    static final String DASHBOARD = "127.0.0.1:8080";
    static final int BACKEND_PORT = 8080;
    static final Duration TTL = Duration.ofSeconds(3);
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String JAR = Path.of("target", "kvroute.jar").toAbsolutePath().toString();

    private CommandLines() {
    }

    /** A single-member etcd serving clients on the etcd host's address, its peer port on that host's loopback. */
    static List<String> etcd(Path dataDir) {
        String clients = "http://" + ETCD_ENDPOINT;
        String peers = "http://127.0.0.1:2380";
        return List.of("etcd", "--name", "lab", "--data-dir", dataDir.toString(),
                "--listen-client-urls", clients, "--advertise-client-urls", clients,
                "--listen-peer-urls", peers, "--initial-advertise-peer-urls", peers, "--initial-cluster", "lab=" + peers);
    }

    /** {@code busybox httpd} in the foreground on the host's address, serving {@code dir}. */
    static List<String> backend(LabHost host, Path dir) {
        return List.of("busybox", "httpd", "-f", "-p", host.address() + ":" + BACKEND_PORT, "-h", dir.toString());
    }

    /** The services file of a node: service {@code app} for {@code Host(`app.test`)}, this node's backend. */
    static String servicesFile(LabHost host, int weight) {
        return "services:\n"
                + "  - name: app\n"
                + "    rule: Host(`app.test`)\n"
                + "    servers:\n"
                + "      - url: http://" + host.address() + ":" + BACKEND_PORT + "\n"
                + "        weight: " + weight + "\n";
    }

    /** {@code kvroute agent} for a node, with its services file and, when given, its Docker engine. */
    static List<String> agent(LabHost host, Path servicesFile, Optional<String> dockerEndpoint) {
        List<String> argv = new ArrayList<>(List.of(JAVA, "-jar", JAR, "agent", "--etcd.endpoint=" + ETCD_ENDPOINT,
                "--services", servicesFile.toString(), "--node-name", host.hostName(), "--ttl", TTL.toSeconds() + "s",
                "--host-ip", host.address()));
        dockerEndpoint.ifPresent(endpoint -> argv.addAll(List.of("--docker", "--docker.endpoint=" + endpoint)));
        return argv;
    }

    /** {@code kvroute proxy} on the edge's address, dashboard on the edge's loopback. */
    static List<String> proxy() {
        return List.of(JAVA, "-jar", JAR, "proxy", "--etcd.endpoint=" + ETCD_ENDPOINT,
                "--entrypoints.web.address=" + ENTRY_POINT, "--web", "--web.address=" + DASHBOARD);
    }
}
