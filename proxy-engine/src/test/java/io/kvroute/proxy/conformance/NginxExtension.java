package io.kvroute.proxy.conformance;

import io.kvroute.kv.testing.RequiredBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real nginx (Debian's {@code nginx} package) as the reference proxy: {@link #start(int)} writes an
 * {@code nginx.conf} serving {@link ConformanceRoutes} in front of an origin port, in a fresh directory under
 * {@code target/nginx/} that also holds its pid file, logs and temp paths, and runs it in the foreground as one
 * process ({@code daemon off; master_process off;}) on a free loopback port. After the last test that process, by
 * its PID, is stopped. Use as {@code @RegisterExtension static NginxExtension nginx = new NginxExtension();}.
 *
 * <p>Like {@code EtcdExtension}: without an {@code nginx} binary the tests fail when {@code CI=true} and are skipped
 * (aborted) otherwise, with a loud message on stderr.
 */
final class NginxExtension implements BeforeAllCallback, AfterAllCallback {
    static final String MISSING = "nginx not found in /usr/sbin or on PATH; scripts/test installs Debian's nginx";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final boolean failWhenMissing;
    private Path binary;
    private Path directory;
    private Process process;
    private int port;

    /** Finds {@code nginx}; fails instead of skipping when the environment has {@code CI=true}. */
    NginxExtension() {
        this.failWhenMissing = "true".equals(System.getenv("CI"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        binary = locate(context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process == null) {
            return;
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

    /** Starts nginx proxying to 127.0.0.1:{@code originPort}; returns the port it listens on once it accepts. */
    int start(int originPort) throws IOException {
        Path logDir = Path.of(System.getProperty("user.dir"), "target", "nginx");
        Files.createDirectories(logDir);
        directory = Files.createTempDirectory(logDir, "nginx-");
        port = freePort();
        Files.writeString(directory.resolve("htpasswd"), ConformanceRoutes.HTPASSWD_LINE + "\n");
        Files.writeString(directory.resolve("nginx.conf"), configuration(originPort));
        Path errorLog = directory.resolve("error.log");
        process = new ProcessBuilder(binary.toString(), "-p", directory + "/", "-c", directory.resolve("nginx.conf")
                .toString(), "-e", errorLog.toString())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(directory.resolve("stdout.log").toFile()))
                .start();
        awaitListening(errorLog);
        return port;
    }

    /**
     * The reference configuration: what a careful nginx edge looks like. The client's X-Forwarded-For and X-Real-IP
     * are replaced (not trusted), WebSocket upgrades pass as nginx's documentation shows, and hosts other than
     * {@link ConformanceRoutes#HOST} get 404 from the default server.
     */
    private String configuration(int originPort) {
        String origin = "http://127.0.0.1:" + originPort;
        String listen = "127.0.0.1:" + port;
        String dir = directory.toString();
        return String.join("\n",
                "daemon off;",
                "master_process off;",
                "pid " + dir + "/nginx.pid;",
                "error_log " + dir + "/error.log info;",
                "events { worker_connections 128; }",
                "http {",
                "  access_log " + dir + "/access.log;",
                "  client_body_temp_path " + dir + "/client_body;",
                "  proxy_temp_path " + dir + "/proxy;",
                "  fastcgi_temp_path " + dir + "/fastcgi;",
                "  uwsgi_temp_path " + dir + "/uwsgi;",
                "  scgi_temp_path " + dir + "/scgi;",
                "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }",
                "  proxy_http_version 1.1;",
                "  proxy_set_header Host $host;",
                "  proxy_set_header X-Forwarded-For $remote_addr;",
                "  proxy_set_header X-Real-IP $remote_addr;",
                "  proxy_set_header Upgrade $http_upgrade;",
                "  proxy_set_header Connection $connection_upgrade;",
                "  proxy_connect_timeout 2s;",
                "  proxy_read_timeout 10s;",
                "  proxy_send_timeout 10s;",
                "  server {",
                "    listen " + listen + " default_server;",
                "    server_name _;",
                "    return 404;",
                "  }",
                "  server {",
                "    listen " + listen + ";",
                "    server_name " + ConformanceRoutes.HOST + ";",
                "    location / { proxy_pass " + origin + "; }",
                "    location /api { proxy_pass " + origin + "; }",
                "    location /admin {",
                "      auth_basic \"traefik\";",
                "      auth_basic_user_file " + dir + "/htpasswd;",
                "      proxy_pass " + origin + ";",
                "    }",
                "  }",
                "}",
                "");
    }

    private void awaitListening(Path errorLog) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with code " + process.exitValue() + ": "
                        + (Files.exists(errorLog) ? Files.readString(errorLog).strip() : "no error log"));
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                pause();
            }
        }
        throw new IllegalStateException("nginx not listening on 127.0.0.1:" + port + " within " + START_TIMEOUT
                + "; see " + errorLog);
    }

    /** The nginx binary; fails (CI) or aborts the tests of {@code testName} when there is none. */
    private Path locate(String testName) {
        return RequiredBinary.locate("nginx", RequiredBinary.dirsThenPath("/usr/sbin"), failWhenMissing, MISSING,
                testName);
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for nginx", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for nginx", e);
        }
    }
}
