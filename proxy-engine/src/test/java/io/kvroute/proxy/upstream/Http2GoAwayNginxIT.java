package io.kvroute.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.testing.NginxProcess;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.math.BigInteger;
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
    private static final TestPki.Issued CA = TestPki.ca("CN=kvroute goaway CA");
    private static final TestPki.Issued BACKEND = TestPki.leaf(CA, "CN=nginx.backend.test", BigInteger.TWO,
            Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600),
            List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));

    private final RunningProxy proxy = HARNESS.proxy();
    private NginxProcess nginx;

    @AfterEach
    void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void anH2cServerAnswersEveryRequestAcrossTheGoAwaysOfKeepaliveRequests() throws Exception {
        Path accessLog = startNginx("");
        proxy.apply(new TraefikKeys().router("nginx", "Host(`nginx.test`)", "nginx")
                .server("nginx", "s", "h2c://127.0.0.1:" + nginx.port()).build());

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
                .server("nginx", "s", "https://127.0.0.1:" + nginx.port()).loadBalancer("nginx", "serversTransport", "pki")
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

    /**
     * Starts nginx listening in HTTP/2, with {@code tls} after its {@code listen} port (empty: h2c); returns its access
     * log.
     */
    private Path startNginx(String tls) throws IOException {
        nginx = NginxProcess.start(getClass().getSimpleName(), "h2-goaway-", (dir, port) -> List.of(
                "log_format connections '$connection $connection_requests $status';",
                "access_log " + dir.resolve("access.log") + " connections;",
                "keepalive_requests " + REQUESTS_PER_CONNECTION + ";",
                "server {",
                "  listen 127.0.0.1:" + port + " http2" + tls + ";",
                "  location / { return 200 \"nginx\\n\"; }",
                "}"));
        return nginx.directory().resolve("access.log");
    }
}
