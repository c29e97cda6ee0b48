package io.kvroute.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real dockerd on one lab host, started with {@code nsenter --net} (only the network namespace changes) and the
 * flags that work inside a namespace: {@code --bridge=none --iptables=false --ip-masq=false}, vfs storage, its own
 * socket, data and exec root under the lab's run directory. Containers use the host network, which is the host's
 * namespace. The image is Debian's static busybox with {@code /www/index.html}, imported with {@code docker import}.
 */
final class NodeDocker implements AutoCloseable {
    static final String IMAGE = "kvroute-e2e/busybox:1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(30);

    private final Path root;
    private final Process daemon;
    private final List<String> containers = new ArrayList<>();

    private NodeDocker(Path root, Process daemon) {
        this.root = root;
        this.daemon = daemon;
    }

    /** Starts dockerd on {@code host}, waits until it answers, imports {@link #IMAGE} with {@code page} as index. */
    static NodeDocker start(NetnsLab lab, LabHost host, Path log, String page) throws IOException, InterruptedException {
        Path root = Files.createDirectories(lab.runDir().resolve("docker-" + host.hostName()));
        Files.writeString(root.resolve("daemon.json"), "{}\n");
        List<String> dockerd = lab.enterNetwork(host, List.of("dockerd", "--storage-driver", "vfs",
                "--iptables=false", "--ip-masq=false", "--bridge=none", "-H", "unix://" + root.resolve("docker.sock"),
                "--data-root", root.resolve("data").toString(), "--exec-root", root.resolve("exec").toString(),
                "--pidfile", root.resolve("docker.pid").toString(), "--config-file", root.resolve("daemon.json").toString(),
                "--containerd-namespace", "kvroute-e2e", "--containerd-plugins-namespace", "kvroute-e2e-plugins"));
        Process daemon = new ProcessBuilder(dockerd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        NodeDocker docker = new NodeDocker(root, daemon);
        try {
            docker.awaitAnswering(log);
            docker.importImage(page);
            return docker;
        } catch (RuntimeException | Error | IOException | InterruptedException e) {
            docker.close();
            throw e;
        }
    }

    /** {@code unix:///tmp/kvroute-netns/<p>/docker-node1/docker.sock}, for {@code --docker.endpoint}. */
    String endpoint() {
        return "unix://" + root.resolve("docker.sock");
    }

    /** {@code docker run -d --network host --name name --label ... IMAGE /bin/busybox httpd -f -p address -h /www}. */
    void runHttpd(String name, List<String> labels, String address) {
        List<String> argv = new ArrayList<>(List.of("run", "-d", "--network", "host", "--name", name));
        for (String label : labels) {
            argv.addAll(List.of("--label", label));
        }
        argv.addAll(List.of(IMAGE, "/bin/busybox", "httpd", "-f", "-p", address, "-h", "/www"));
        docker(argv);
        containers.add(name);
    }

    private void awaitAnswering(Path log) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!dockerCommand(List.of("version")).run().ok()) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("dockerd did not answer within " + START_TIMEOUT.toSeconds()
                        + " s (alive: " + daemon.isAlive() + "); see " + log);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private void importImage(String page) throws IOException {
        Path image = Files.createDirectories(root.resolve("image"));
        Files.createDirectories(image.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), image.resolve("bin/busybox"));
        Files.createDirectories(image.resolve("www"));
        Files.writeString(image.resolve("www/index.html"), page);
        Path tar = root.resolve("image.tar");
        Command.of(CLI_TIMEOUT, "tar", "-C", image.toString(), "-cf", tar.toString(), ".").output();
        docker(List.of("import", tar.toString(), IMAGE));
    }

    private String docker(List<String> args) {
        return dockerCommand(args).output();
    }

    private Command dockerCommand(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("docker", "-H", endpoint()));
        argv.addAll(args);
        return Command.of(CLI_TIMEOUT, argv);
    }

    /**
     * Removes the containers ({@code docker rm -f}), stops dockerd by its PID (SIGTERM, SIGKILL after 20 s) and
     * unmounts what it left mounted; the lab deletes the directory.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (daemon.isAlive()) {
                for (String container : containers) {
                    dockerCommand(List.of("rm", "-f", container)).run();
                }
            }
        } finally {
            containers.clear();
            daemon.destroy();
            if (!daemon.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                daemon.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            NetnsLab.unmountUnder(root);
        }
    }
}
