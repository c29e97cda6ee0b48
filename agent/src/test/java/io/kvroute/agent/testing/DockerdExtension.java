package io.kvroute.agent.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * JUnit 5 extension ({@code @RegisterExtension static}) that runs a private dockerd as root for one test class
 * (see {@link DockerdProcess} for the command line), imports {@link #IMAGE} built from Debian's static busybox,
 * and runs {@code busybox httpd} containers on the host network on loopback ports.
 *
 * <p>Without dockerd (Debian package {@code docker.io}), without root, or without a static {@code /bin/busybox}
 * (Debian package {@code busybox-static}) the tests fail when {@code CI=true}, and are aborted (skipped) with a
 * warning otherwise. Every container started through this extension is removed after the class; the daemon is
 * stopped by PID, anything left mounted under its directory is unmounted, and its log is kept as
 * {@code target/dockerd-<TestClass>.log}.
 *
 * <p>Containers get a 1 s stop timeout: busybox httpd runs as PID 1 and ignores SIGTERM, so {@code docker stop}
 * and a daemon stop would otherwise wait Docker's default 10 s per container before SIGKILL. Measured here
 * (dockerd 20.10.24, 2 cores): daemon start to first ping 0.1-1.3 s, image import about 0.1 s, daemon stop
 * with one running container about 2 s.
 */
public final class DockerdExtension implements BeforeAllCallback, AfterAllCallback {
    /** The image every container runs: busybox-static with {@code /www/index.html}. */
    public static final String IMAGE = "kvroute-test/busybox:1";
    private static final String READY_FILE = "/tmp/ready";

    private final Set<String> containers = ConcurrentHashMap.newKeySet();
    private DockerdProcess daemon;
    private Path root;
    private DockerClient client;
    private Duration daemonStart = Duration.ZERO;
    private Duration imageImport = Duration.ZERO;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path dockerd = checkPrerequisites();
        root = Files.createTempDirectory("kvroute-dockerd-");
        daemon = new DockerdProcess(dockerd, root);
        try {
            startDaemon();
            long importStart = System.nanoTime();
            BusyboxImage.importInto(daemon.socket(), IMAGE.substring(0, IMAGE.indexOf(':')), IMAGE.substring(IMAGE.indexOf(':') + 1));
            imageImport = Duration.ofNanos(System.nanoTime() - importStart);
            System.out.printf("dockerd pid %d on %s: started in %d ms, image %s imported in %d ms%n",
                    daemon.pid(), endpoint(), daemonStart.toMillis(), IMAGE, imageImport.toMillis());
        } catch (Exception | Error e) {
            shutDown(context);
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        shutDown(context);
    }

    /** The daemon's endpoint, {@code unix:///tmp/kvroute-dockerd-.../docker.sock}. */
    public String endpoint() {
        return "unix://" + daemon.socket();
    }

    /** A client for the daemon (a new one after {@link #restartDaemon()}). */
    public DockerClient client() {
        return client;
    }

    /** How long the last daemon start took until it answered a ping. */
    public Duration daemonStartTime() {
        return daemonStart;
    }

    /** How long importing {@link #IMAGE} took. */
    public Duration imageImportTime() {
        return imageImport;
    }

    /** A loopback port that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates and starts an httpd container on the host network; it is removed after the class at the latest. */
    public RunningContainer startHttpd(HttpdSpec spec) {
        String name = spec.namePrefix() + "-" + UUID.randomUUID().toString().substring(0, 8);
        CreateContainerCmd create = client.createContainerCmd(IMAGE)
                .withName(name)
                .withCmd("/bin/busybox", "httpd", "-f", "-p", "127.0.0.1:" + spec.port(), "-h", "/www")
                .withLabels(spec.labels())
                .withEnv(spec.env().entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toList())
                .withStopTimeout(1)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host"));
        switch (spec.healthcheck()) {
            case READY_FILE -> create.withHealthcheck(new HealthCheck()
                    .withTest(List.of("CMD", "/bin/busybox", "test", "-f", READY_FILE))
                    .withInterval(TimeUnit.MILLISECONDS.toNanos(200))
                    .withTimeout(TimeUnit.SECONDS.toNanos(2))
                    .withStartPeriod(TimeUnit.SECONDS.toNanos(60))
                    .withRetries(3));
            case HTTP -> create.withHealthcheck(new HealthCheck()
                    .withTest(List.of("CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:" + spec.port() + "/"))
                    .withInterval(TimeUnit.MILLISECONDS.toNanos(500))
                    .withTimeout(TimeUnit.SECONDS.toNanos(2))
                    .withRetries(3));
            case NONE -> { }
        }
        String id = create.exec().getId();
        containers.add(id);
        client.startContainerCmd(id).exec();
        return new RunningContainer(id, name, spec.port());
    }

    /** Creates the file a {@link HttpdSpec.Healthcheck#READY_FILE} health check waits for. */
    public void markReady(String containerId) throws InterruptedException {
        ExecCreateCmdResponse exec = client.execCreateCmd(containerId).withCmd("/bin/busybox", "touch", READY_FILE).exec();
        client.execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<>()).awaitCompletion(10, TimeUnit.SECONDS);
    }

    /** {@code docker stop} with a 1 s timeout (busybox httpd ignores SIGTERM, so it ends with SIGKILL). */
    public void stop(String containerId) {
        stop(containerId, 1);
    }

    /**
     * {@code docker stop -t seconds}: SIGTERM, which busybox httpd as PID 1 ignores, so the container serves on
     * until Docker's SIGKILL {@code seconds} later; returns once it has stopped.
     */
    public void stop(String containerId, int seconds) {
        client.stopContainerCmd(containerId).withTimeout(seconds).exec();
    }

    /** {@code docker kill} (SIGKILL). */
    public void kill(String containerId) {
        client.killContainerCmd(containerId).exec();
    }

    /** {@code docker rm -f}; a container that is already gone is fine. */
    public void remove(String containerId) {
        try {
            client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // Already removed.
        }
        containers.remove(containerId);
    }

    /** Stops the daemon by PID and starts it again on the same directories (its containers stop with it). */
    public void restartDaemon() throws IOException, InterruptedException {
        closeClient();
        daemon.stop();
        startDaemon();
    }

    /** Stops the daemon by PID without starting it again; {@link #startDaemonAgain()} brings it back. */
    public void stopDaemon() throws InterruptedException {
        closeClient();
        daemon.stop();
    }

    /** Starts the daemon after {@link #stopDaemon()}. */
    public void startDaemonAgain() throws IOException, InterruptedException {
        startDaemon();
    }

    private void startDaemon() throws IOException, InterruptedException {
        long start = System.nanoTime();
        daemon.start();
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint()).withDockerTlsVerify(false).build();
        client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(30)).build());
        long deadline = start + DockerdProcess.START_TIMEOUT.toNanos();
        while (true) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException("dockerd exited during start-up; command line: "
                        + String.join(" ", daemon.commandLine()) + "\nlog tail:\n" + daemon.logTail());
            }
            try {
                client.pingCmd().exec();
                break;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("dockerd did not answer a ping within " + DockerdProcess.START_TIMEOUT.toSeconds()
                            + " s; command line: " + String.join(" ", daemon.commandLine()) + "\nlog tail:\n" + daemon.logTail(), notYet);
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        daemonStart = Duration.ofNanos(System.nanoTime() - start);
    }

    private void shutDown(ExtensionContext context) throws IOException, InterruptedException {
        if (daemon == null) {
            return;
        }
        try {
            if (daemon.isAlive() && client != null) {
                for (String id : List.copyOf(containers)) {
                    remove(id);
                }
            }
        } finally {
            closeClient();
            daemon.stop();
            Path kept = Path.of("target", "dockerd-" + context.getRequiredTestClass().getSimpleName() + ".log");
            if (Files.isDirectory(kept.getParent())) {
                Files.copy(daemon.log(), kept, StandardCopyOption.REPLACE_EXISTING);
            }
            daemon.cleanUp();
            daemon = null;
        }
    }

    private void closeClient() {
        if (client != null) {
            try {
                client.close();
            } catch (IOException e) {
                // The daemon is going away; nothing to release.
            }
            client = null;
        }
    }

    private static Path checkPrerequisites() throws IOException {
        Path dockerd = DockerdProcess.locate().orElse(null);
        if (dockerd == null) {
            unavailable("dockerd, from the Debian package docker.io (not found in /usr/sbin, /usr/bin or PATH)");
        }
        String user = ProcessHandle.current().info().user().orElse("?");
        if (!user.equals("root")) {
            unavailable("root to start dockerd (running as " + user + ")");
        }
        if (!Files.isReadable(BusyboxImage.BUSYBOX) || !BusyboxImage.isStaticElf(BusyboxImage.BUSYBOX)) {
            unavailable("a statically linked " + BusyboxImage.BUSYBOX + ", from the Debian package busybox-static");
        }
        return dockerd;
    }

    private static void unavailable(String what) {
        String message = "Docker tests need " + what;
        if ("true".equals(System.getenv("CI"))) {
            throw new ExtensionConfigurationException(message + " (CI=true: failing instead of skipping)");
        }
        System.err.println("WARNING: SKIPPING Docker tests: " + message);
        throw new TestAbortedException(message);
    }
}
