package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kvroute.proxy.testing.LoopbackHttpServer;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's buffering {@code maxResponseBodyBytes} on responses of undeclared length (chunked), through the proxy
 * against a real server: held whole as oxy holds them, answered 500 when they grow past the limit, otherwise sent
 * intact with the server's headers (a small one with its {@code Content-Length}); one larger than
 * {@code memResponseBodyBytes} is held in a temporary file, closed (and so gone) once handed on.
 */
class BufferingResponseIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final int LIMIT = 2_000;
    private static final int LARGE = 300_000;
    private static final Path OPEN_FILES = Path.of("/proc/self/fd");
    private static final Path MAPPINGS = Path.of("/proc/self/maps");

    private final RunningProxy proxy = HARNESS.proxy();
    private final Chunked server = new Chunked();

    /**
     * A server on 127.0.0.1 answering {@code /N} with N bytes {@code z} without a length (chunked, 1000 bytes a
     * write) and the header {@code X-Server: chunked}; {@code /held/N} waits for {@link #release} before it ends them,
     * {@code /chunks/N} sends N chunks of 10 bytes (each flushed), {@code /broken/N} closes the connection after N
     * bytes without the last chunk, {@code /stall/N} sends N bytes then one more every 50 ms until its connection
     * fails ({@code connectionClosed}).
     */
    private static final class Chunked implements AutoCloseable {
        private final HttpServer server;
        private final CountDownLatch release = new CountDownLatch(1);
        private final CountDownLatch stalling = new CountDownLatch(1);
        private final CountDownLatch connectionClosed = new CountDownLatch(1);

        Chunked() {
            server = LoopbackHttpServer.start(this::answer);
        }

        String url() {
            return LoopbackHttpServer.url(server);
        }

        void release() {
            release.countDown();
        }

        private void answer(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            boolean held = path.startsWith("/held/");
            int size = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            exchange.getResponseHeaders().set("X-Server", "chunked");
            exchange.sendResponseHeaders(200, 0);
            if (path.startsWith("/chunks/")) {
                tenByteChunks(exchange, size);
                return;
            }
            if (path.startsWith("/stall/")) {
                stallUntilClosed(exchange, size);
                return;
            }
            if (path.startsWith("/broken/")) {
                OutputStream out = exchange.getResponseBody();
                out.write("z".repeat(size).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                throw new IOException("broken mid-body on purpose: the connection closes without the last chunk");
            }
            try (OutputStream out = exchange.getResponseBody()) {
                for (int sent = 0; sent < size; sent += 1000) {
                    out.write("z".repeat(Math.min(1000, size - sent)).getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                if (held && !release.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Sends {@code size} bytes, then a byte every 50 ms until the connection fails (within 30 s). */
        private void stallUntilClosed(HttpExchange exchange, int size) throws IOException {
            OutputStream out = exchange.getResponseBody();
            out.write("z".repeat(size).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            stalling.countDown();
            try {
                for (int i = 0; i < 600; i++) {
                    Thread.sleep(50);
                    out.write('z');
                    out.flush();
                }
            } catch (IOException closedByTheProxy) {
                connectionClosed.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void tenByteChunks(HttpExchange exchange, int chunks) throws IOException {
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < chunks; i++) {
                    out.write(String.format("%09d\n", i).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private void limited(String memResponseBodyBytes, int maxResponseBodyBytes) {
        proxy.apply(new TraefikKeys()
                .router("held", "Host(`held.test`)", "held").middlewares("held", "limit")
                .server("held", "a", server.url())
                .middleware("limit", "buffering/memResponseBodyBytes", memResponseBodyBytes)
                .middleware("limit", "buffering/maxResponseBodyBytes", Integer.toString(maxResponseBodyBytes))
                .build());
    }

    @Test
    void aChunkedResponseWithinTheLimitArrivesWholeWithItsHeadersAndALength() {
        limited("0", LIMIT);

        HttpResponse<String> response = proxy.get("held.test", "/" + LIMIT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("z".repeat(LIMIT));
        assertThat(response.headers().firstValue("X-Server")).hasValue("chunked");
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(LIMIT));
        assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
    }

    @Test
    void aChunkedResponseOverTheLimitIsAnswered500AsTraefikDoes() {
        limited("0", LIMIT);

        HttpResponse<String> response = proxy.get("held.test", "/" + (LIMIT + 1));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("Internal Server Error");
        assertThat(response.headers().firstValue("X-Server")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void aChunkedResponseLargerThanMemoryIsHeldInATemporaryFileThenArrivesIntact() throws IOException {
        limited("1024", 2 * LARGE);

        CompletableFuture<HttpResponse<InputStream>> answer = proxy.client().sendAsync(
                proxy.request("held.test", "/held/" + LARGE).build(), HttpResponse.BodyHandlers.ofInputStream());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(heldFiles())
                .anySatisfy(file -> assertThat(Files.size(file)).isBetween(LARGE - 1024L, (long) LARGE)));
        assertThat(answer).as("not even the headers are sent while the response is held").isNotDone();
        server.release();
        HttpResponse<InputStream> response = answer.join();

        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("z".repeat(LARGE));
        }
        assertThat(response.headers().firstValue("X-Server")).hasValue("chunked");
        assertThat(response.headers().firstValue("Content-Length")).as("chunked, as Go's server sends it").isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heldFiles()).isEmpty());
        assertThat(Files.readAllLines(MAPPINGS)).as("the file was read, not mapped: closing it freed it")
                .noneMatch(mapping -> mapping.contains("kvroute-response-"));
    }

    @Test
    void tenThousandSmallChunksAreHeldAndArriveIntact() {
        limited("1048576", 1_048_576);

        HttpResponse<String> response = proxy.get("held.test", "/chunks/10000");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(100_000)
                .isEqualTo(IntStream.range(0, 10_000).mapToObj(i -> String.format("%09d\n", i))
                        .collect(Collectors.joining()));
    }

    @Test
    void aServerBreakingMidBodyWhileHeldIsAnswered500AsTraefikDoes() {
        limited("0", LIMIT);

        HttpResponse<String> response = proxy.get("held.test", "/broken/" + (LIMIT / 2));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("Internal Server Error");
        assertThat(response.headers().firstValue("X-Server")).isEmpty();
    }

    @Test
    void aClientGoingAwayWhileAResponseIsHeldDropsTheServerConnectionAndFreesTheFile() throws Exception {
        limited("1024", 2 * LARGE);

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.uri("/").getPort())) {
            client.getOutputStream().write("GET /stall/100000 HTTP/1.1\r\nHost: held.test\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            assertThat(server.stalling.await(20, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(heldFiles()).isNotEmpty());
        }

        assertThat(server.connectionClosed.await(20, TimeUnit.SECONDS))
                .as("the server's connection is closed once the client is gone").isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heldFiles()).isEmpty());
    }

    /**
     * The proxy's open temporary files of held responses, as this JVM's open descriptors ({@code /proc/self/fd}):
     * Java unlinks a {@code DELETE_ON_CLOSE} file as soon as it is open, so no directory lists it.
     */
    private static List<Path> heldFiles() throws IOException {
        try (Stream<Path> descriptors = Files.list(OPEN_FILES)) {
            return descriptors.filter(BufferingResponseIT::isHeldFile).toList();
        }
    }

    private static boolean isHeldFile(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).getFileName().toString().startsWith("kvroute-response-");
        } catch (IOException closedMeanwhile) {
            return false;
        }
    }
}
