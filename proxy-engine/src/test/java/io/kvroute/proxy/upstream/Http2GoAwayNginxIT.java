package io.kvroute.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.RequiredBinary;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real nginx spoken to in HTTP/2, with prior knowledge ({@code h2c://}) and by ALPN ({@code https://}), whose
 * {@code keepalive_requests} is small: nginx sends GOAWAY as it reads the last request a connection may carry, before
 * it answers it. Every request through the proxy is answered by nginx, over many connections: the GOAWAY drains a
 * connection instead of failing the request it names as processed (Undertow's client failed it, 500, and the server
 * was then ejected).
 */
class Http2GoAwayNginxIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private static final int REQUESTS_PER_CONNECTION = 5;
    private static final int SEQUENTIAL = 60;
    private static final int CLIENTS = 4;
    private static final int REQUESTS_PER_CLIENT = 50;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final TestPki.Issued CA = TestPki.ca("CN=kvroute goaway CA");
    private static final TestPki.Issued BACKEND = TestPki.leaf(CA, "CN=nginx.backend.test", BigInteger.TWO,
            Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600),
            List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));

    private final RunningProxy proxy = HARNESS.proxy();
    private Process nginx;

    @AfterEach
    void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anH2cServerAnswersEveryRequestAcrossTheGoAwaysOfKeepaliveRequests() throws Exception {
        Path accessLog = startNginx("");
        proxy.apply(new TraefikKeys().router("nginx", "Host(`nginx.test`)", "nginx")
                .server("nginx", "s", "h2c://127.0.0.1:" + port).build());

        everyRequestIsAnsweredByNginx(accessLog);
    }

    @Test
    void anHttpsServerAnswersEveryRequestAcrossTheGoAwaysOfKeepaliveRequests() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("user.dir"), "target"), "h2-goaway-pki-");
        Files.writeString(dir.resolve("cert.pem"), BACKEND.certPem());
        Files.writeString(dir.resolve("key.pem"), BACKEND.keyPem());
        Path accessLog = startNginx(" ssl;\n    ssl_certificate " + dir.resolve("cert.pem")
                + ";\n    ssl_certificate_key " + dir.resolve("key.pem"));
        proxy.apply(new TraefikKeys().serversTransport("pki", "rootCAs/0", CA.certPem())
                .router("nginx", "Host(`nginx.test`)", "nginx")
                .server("nginx", "s", "https://127.0.0.1:" + port).loadBalancer("nginx", "serversTransport", "pki")
                .build());

        everyRequestIsAnsweredByNginx(accessLog);
    }

    /**
     * Sends GETs one after the other, then from several clients at once: every one is answered 200 by nginx (none
     * failed by a GOAWAY, none refused while the server would be ejected), over connections of at most
     * {@code keepalive_requests} requests each.
     */
    private void everyRequestIsAnsweredByNginx(Path accessLog) throws Exception {
        List<Integer> sequential = IntStream.range(0, SEQUENTIAL)
                .mapToObj(i -> proxy.get("nginx.test", "/one/" + i).statusCode()).toList();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Integer>>> answers = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int id = client;
            answers.add(clients.submit(() -> IntStream.range(0, REQUESTS_PER_CLIENT)
                    .mapToObj(i -> proxy.get("nginx.test", "/many/" + id + "/" + i).statusCode()).toList()));
        }
        List<Integer> concurrent = new ArrayList<>();
        for (Future<List<Integer>> answer : answers) {
            concurrent.addAll(answer.get(120, TimeUnit.SECONDS));
        }
        clients.shutdown();

        assertThat(sequential).containsOnly(200);
        assertThat(concurrent).hasSize(CLIENTS * REQUESTS_PER_CLIENT).containsOnly(200);
        // nginx logs a request once its answer is sent: the last line may come just after the client has it.
        int expected = sequential.size() + concurrent.size();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Files.readAllLines(accessLog)).hasSize(expected));
        List<String> served = Files.readAllLines(accessLog);
        assertThat(served.stream().map(line -> line.split(" ")[0]).distinct().count())
                .isGreaterThanOrEqualTo((long) served.size() / REQUESTS_PER_CONNECTION);
    }

    private int port;

    /**
     * Starts nginx (foreground, one process, its files under target/nginx) listening in HTTP/2, with {@code tls} after
     * its {@code listen} port (empty: h2c); returns its access log.
     */
    private Path startNginx(String tls) throws IOException, InterruptedException {
        Path binary = RequiredBinary.locate("nginx", RequiredBinary.dirsThenPath("/usr/sbin"),
                "true".equals(System.getenv("CI")), "nginx not found; scripts/test installs Debian's nginx",
                getClass().getSimpleName());
        Path root = Path.of(System.getProperty("user.dir"), "target", "nginx");
        Files.createDirectories(root);
        Path dir = Files.createTempDirectory(root, "h2-goaway-");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path accessLog = dir.resolve("access.log");
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "daemon off;",
                "master_process off;",
                "pid " + dir + "/nginx.pid;",
                "error_log " + dir + "/error.log info;",
                "events { worker_connections 128; }",
                "http {",
                "  log_format connections '$connection $connection_requests $status';",
                "  access_log " + accessLog + " connections;",
                "  client_body_temp_path " + dir + "/client_body;",
                "  proxy_temp_path " + dir + "/proxy;",
                "  fastcgi_temp_path " + dir + "/fastcgi;",
                "  uwsgi_temp_path " + dir + "/uwsgi;",
                "  scgi_temp_path " + dir + "/scgi;",
                "  keepalive_requests " + REQUESTS_PER_CONNECTION + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + " http2" + tls + ";",
                "    location / { return 200 \"nginx\\n\"; }",
                "  }",
                "}",
                ""));
        nginx = new ProcessBuilder(binary.toString(), "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(nginx.isAlive()).as("nginx running; see %s", dir).isTrue();
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return accessLog;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx not listening on 127.0.0.1:" + port + "; see " + dir);
    }
}
