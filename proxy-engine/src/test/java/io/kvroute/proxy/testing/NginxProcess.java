package io.kvroute.proxy.testing;

import io.kvroute.kv.testing.RequiredBinary;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A real nginx (Debian's {@code nginx} package) run by a test: {@link #start} writes an {@code nginx.conf} around the
 * test's {@code http} block in a fresh directory under {@code target/nginx/} (which also holds its pid file, logs and
 * temp paths), runs it in the foreground as one process ({@code daemon off; master_process off;}) and returns once it
 * accepts on its free loopback port; {@link #close()} stops that process by its PID.
 *
 * <p>Like {@code EtcdExtension}: without an {@code nginx} binary the tests fail when {@code CI=true} and are skipped
 * (aborted) otherwise, with a loud message on stderr.
 */
public final class NginxProcess implements AutoCloseable {
    static final String MISSING = "nginx not found in /usr/sbin or on PATH; scripts/test installs Debian's nginx";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;
    private final int port;
    private final Process process;

    private NginxProcess(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /** The nginx binary; fails (CI) or aborts the tests of {@code testName} when there is none. */
    public static Path binary(String testName) {
        return RequiredBinary.locate("nginx", RequiredBinary.dirsThenPath("/usr/sbin"),
                "true".equals(System.getenv("CI")), MISSING, testName);
    }

    /**
     * Starts nginx with the lines {@code http} gives for its directory and port inside {@code http { }}, in a
     * directory named {@code prefix...}; returns once it accepts connections.
     */
    public static NginxProcess start(String testName, String prefix, BiFunction<Path, Integer, List<String>> http)
            throws IOException {
        Path binary = binary(testName);
        Path root = Path.of(System.getProperty("user.dir"), "target", "nginx");
        Files.createDirectories(root);
        Path directory = Files.createTempDirectory(root, prefix);
        int port = LoopbackProcess.freePort("nginx");
        String dir = directory.toString();
        List<String> lines = new ArrayList<>(List.of(
                "daemon off;",
                "master_process off;",
                "pid " + dir + "/nginx.pid;",
                "error_log " + dir + "/error.log info;",
                "events { worker_connections 128; }",
                "http {",
                "  client_body_temp_path " + dir + "/client_body;",
                "  proxy_temp_path " + dir + "/proxy;",
                "  fastcgi_temp_path " + dir + "/fastcgi;",
                "  uwsgi_temp_path " + dir + "/uwsgi;",
                "  scgi_temp_path " + dir + "/scgi;"));
        http.apply(directory, port).forEach(line -> lines.add("  " + line));
        lines.addAll(List.of("}", ""));
        Files.writeString(directory.resolve("nginx.conf"), String.join("\n", lines));
        Path errorLog = directory.resolve("error.log");
        Process process = new ProcessBuilder(binary.toString(), "-p", dir + "/", "-c",
                directory.resolve("nginx.conf").toString(), "-e", errorLog.toString())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(directory.resolve("stdout.log").toFile()))
                .start();
        NginxProcess nginx = new NginxProcess(directory, port, process);
        try {
            LoopbackProcess.awaitListening(process, "nginx", port, START_TIMEOUT, errorLog);
        } catch (IOException | RuntimeException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    /** The loopback port nginx listens on. */
    public int port() {
        return port;
    }

    /** Its directory: configuration, logs and temp paths. */
    public Path directory() {
        return directory;
    }

    /** Stops nginx by its PID and waits until it has exited. */
    @Override
    public void close() {
        LoopbackProcess.stop(process, STOP_TIMEOUT);
    }
}
