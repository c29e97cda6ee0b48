package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streaming responses reach the client while the origin is still sending them, whatever the service's
 * {@code responseForwarding.flushInterval}: kvroute forwards each part as it comes (Traefik's {@code -1}), so no
 * response waits longer than Traefik's interval would hold it; a server-sent event stream, and a body of known
 * length, over HTTP/1.1 and HTTP/2 (h2c). The origin writes the first part, then waits until the client has read it,
 * so a proxy that held the first part until the response ends fails the test (the read gives up after 5 s).
 */
class StreamingResponseIT {
    private static final Duration READ_LIMIT = Duration.ofSeconds(5);

    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final RunningProxy proxy = HARNESS.proxy();
    private final CountDownLatch firstPartRead = new CountDownLatch(1);
    private final HttpServer origin = origin();

    @AfterEach
    void stopOrigin() {
        firstPartRead.countDown();
        origin.stop(0);
    }

    @Test
    void serverSentEventsArriveOneByOneOverHttp1() throws Exception {
        route("-1");
        assertStreams(HttpClient.Version.HTTP_1_1, "/events", "data: one\n\n", "data: two\n\n");
    }

    @Test
    void serverSentEventsArriveOneByOneOverHttp2() throws Exception {
        route("100ms");
        assertStreams(HttpClient.Version.HTTP_2, "/events", "data: one\n\n", "data: two\n\n");
    }

    @Test
    void aBodyOfKnownLengthIsForwardedAsItComesOverHttp2() throws Exception {
        route("1s");
        assertStreams(HttpClient.Version.HTTP_2, "/sized", "first", "-last");
    }

    private void route(String flushInterval) {
        proxy.apply(new TraefikKeys().router("stream", "PathPrefix(`/`)", "stream")
                .server("stream", "origin", "http://127.0.0.1:" + origin.getAddress().getPort())
                .loadBalancer("stream", "responseForwarding/flushInterval", flushInterval).build());
    }

    private void assertStreams(HttpClient.Version version, String path, String first, String rest) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> warmUp = client.send(HttpRequest.newBuilder(proxy.uri("/warm-up")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(warmUp.version()).isEqualTo(version);
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(proxy.uri(path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            String read = CompletableFuture.supplyAsync(() -> readBytes(body, first.length()))
                    .get(READ_LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(read).as("the first part, while the origin holds the rest").isEqualTo(first);
            firstPartRead.countDown();
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(rest);
        }
    }

    private static String readBytes(InputStream in, int count) {
        try {
            return new String(in.readNBytes(count), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading the streamed body failed", e);
        }
    }

    /** An origin whose {@code /events} and {@code /sized} send their first part, then the rest once it was read. */
    private HttpServer origin() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                try (exchange; OutputStream out = exchange.getResponseBody()) {
                    String path = exchange.getRequestURI().getPath();
                    if (path.equals("/events")) {
                        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                        exchange.sendResponseHeaders(200, 0);
                        stream(out, "data: one\n\n", "data: two\n\n");
                    } else if (path.equals("/sized")) {
                        exchange.sendResponseHeaders(200, "first-last".length());
                        stream(out, "first", "-last");
                    } else {
                        exchange.sendResponseHeaders(200, 2);
                        out.write("ok".getBytes(StandardCharsets.UTF_8));
                    }
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the streaming origin", e);
        }
    }

    private void stream(OutputStream out, String first, String rest) throws IOException {
        out.write(first.getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            firstPartRead.await(READ_LIMIT.toSeconds() + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.write(rest.getBytes(StandardCharsets.UTF_8));
    }
}
