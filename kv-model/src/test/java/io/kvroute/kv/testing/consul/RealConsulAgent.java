package io.kvroute.kv.testing.consul;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.StoreSettings;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code consul agent -dev} for tests, when a {@code consul} binary (1.14 or newer) is on the PATH: bound to
 * 127.0.0.1 on free ports, DNS and gRPC off, with a configurable {@code session_ttl_min}; its log goes to a temp file.
 * {@link #close()} stops exactly the process it started, by PID.
 */
public final class RealConsulAgent implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int httpPort;
    private final Path log;

    private RealConsulAgent(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** The {@code consul} executable on the PATH, if any. */
    public static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, "consul");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts the agent and waits until it has elected itself leader. */
    public static RealConsulAgent start(Path binary, Duration sessionTtlMin) throws IOException, InterruptedException {
        requireNonNull(binary, "binary");
        int[] ports = freePorts(4);
        String hcl = "ports { http = " + ports[0] + ", serf_lan = " + ports[1] + ", serf_wan = " + ports[2]
                + ", server = " + ports[3] + ", dns = -1, grpc = -1, grpc_tls = -1 }"
                + " session_ttl_min = \"" + sessionTtlMin.toSeconds() + "s\"";
        Path log = Files.createTempFile("kvroute-consul-", ".log");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "agent", "-dev", "-node=kvroute-test",
                "-bind=127.0.0.1", "-client=127.0.0.1", "-hcl=" + hcl));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RealConsulAgent agent = new RealConsulAgent(process, ports[0], log);
        try {
            agent.awaitLeader();
        } catch (IOException | InterruptedException | RuntimeException e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    public String endpoint() {
        return "127.0.0.1:" + httpPort;
    }

    public StoreSettings settings() {
        return StoreSettings.consul(endpoint());
    }

    /** Stops the agent by its PID: SIGTERM, then SIGKILL if it has not left within 10 s (or on interruption). */
    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitLeader() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest leader = HttpRequest.newBuilder(URI.create("http://" + endpoint() + "/v1/status/leader"))
                .timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("consul agent exited with " + process.exitValue() + "; log: " + log);
            }
            try {
                String body = http.send(leader, HttpResponse.BodyHandlers.ofString()).body().strip();
                if (body.startsWith("\"") && body.length() > 2) {
                    return;
                }
            } catch (IOException notYet) {
                // the HTTP listener is not up yet
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IOException("consul agent on " + endpoint() + " elected no leader within " + READY_TIMEOUT
                + "; log: " + log);
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
