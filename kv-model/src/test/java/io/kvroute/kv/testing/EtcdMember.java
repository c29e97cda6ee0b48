package io.kvroute.kv.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One etcd server process of a test, on loopback ports of its own: started with the cluster flags it is given, waited
 * for until it reports healthy, frozen (SIGSTOP), continued and stopped by its PID only. Its output is appended to its
 * log file. What {@link EtcdExtension} (one member) and {@link EtcdClusterExtension} (three) are made of.
 */
public final class EtcdMember {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path binary;
    private final String name;
    private final int clientPort;
    private final int peerPort;
    private final Path dataDir;
    private final Path logFile;
    private final Optional<EtcdTls> tls;
    private Process process;
    private boolean paused;

    EtcdMember(Path binary, String name, Path dataDir, Path logDir) throws IOException {
        this(binary, name, dataDir, logDir, Optional.empty());
    }

    /** A member that serves clients over {@code tls} when present. */
    EtcdMember(Path binary, String name, Path dataDir, Path logDir, Optional<EtcdTls> tls) throws IOException {
        this.tls = requireNonNull(tls, "tls");
        this.binary = requireNonNull(binary, "binary");
        this.name = requireNonNull(name, "name");
        this.dataDir = requireNonNull(dataDir, "dataDir");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket client = new ServerSocket(0, 1, loopback); ServerSocket peer = new ServerSocket(0, 1, loopback)) {
            this.clientPort = client.getLocalPort();
            this.peerPort = peer.getLocalPort();
        }
        this.logFile = logDir.resolve("etcd-" + clientPort + ".log");
    }

    public String name() {
        return name;
    }

    /** {@code 127.0.0.1:<client port>}. */
    public String endpoint() {
        return "127.0.0.1:" + clientPort;
    }

    private String clientScheme() {
        return tls.isPresent() ? "https://" : "http://";
    }

    public String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * Starts the process (unless it runs) with {@code clusterFlags} ({@code --initial-cluster} and the like) and does
     * not wait: members of a new cluster only report healthy once enough of them run.
     */
    void launch(List<String> clusterFlags) {
        if (isRunning()) {
            return;
        }
        String clientUrl = clientScheme() + endpoint();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--name", name,
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl(), "--initial-advertise-peer-urls", peerUrl(),
                "--logger", "zap", "--log-outputs", "stderr"));
        tls.ifPresent(served -> command.addAll(served.serverFlags()));
        command.addAll(clusterFlags);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary + " (log: " + logFile + ")", e);
        }
    }

    /** Waits until the member answers {@code /health} with true (it has a leader), at most {@code timeout}. */
    void awaitHealthy(Duration timeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        tls.ifPresent(served -> builder.sslContext(served.client()));
        HttpClient http = builder.build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(clientScheme() + endpoint() + "/health"))
                .timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd " + name + " exited with code " + process.exitValue()
                        + "; see " + logFile);
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd " + name, e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd " + name, e);
            }
        }
        throw new IllegalStateException("etcd " + name + " on " + endpoint() + " not healthy within " + timeout
                + "; see " + logFile);
    }

    /** Stops the process with SIGTERM (continuing it first if frozen); kills it if it does not exit within 10 s. */
    public void stop() {
        if (process == null) {
            return;
        }
        if (paused) {
            resume();
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Freezes the process with SIGSTOP: its connections stay open and nothing is answered, like a hung server. */
    public void pause() {
        signal("-STOP");
        paused = true;
    }

    /** Continues a {@link #pause() frozen} process with SIGCONT. */
    public void resume() {
        signal("-CONT");
        paused = false;
    }

    private void signal(String signal) {
        if (process == null) {
            throw new IllegalStateException("etcd " + name + " is not running");
        }
        ProcessSignals.send(process, signal);
    }
}
