package io.kvroute.proxy.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kvroute.proxy.middleware.compress.Decoding;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The response middlewares (compress, contentType) configured by keys, through a running proxy, with an origin that
 * answers what each path asks for.
 */
class ResponseMiddlewaresIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();
    private static final byte[] TEXT = "<p>compressible text through kvroute</p>\n".repeat(200).getBytes(UTF_8);

    private final RunningProxy proxy = HARNESS.proxy();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private HttpServer origin;

    @BeforeEach
    void startOrigin() throws IOException {
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        origin.setExecutor(executor);
        origin.createContext("/", this::answer);
        origin.start();
    }

    @AfterEach
    void stopOrigin() {
        origin.stop(0);
        executor.shutdownNow();
    }

    /** {@code /text}, {@code /small}, {@code /range}, {@code /encoded}, {@code /untyped}, each with its length. */
    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            byte[] body = TEXT;
            int status = 200;
            switch (path) {
                case "/text" -> exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                case "/small", "/small-chunked" -> {
                    body = "tiny".getBytes(UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "text/plain");
                }
                case "/range" -> {
                    status = 206;
                    exchange.getResponseHeaders().add("Content-Range", "bytes 0-" + (TEXT.length - 1) + "/99999");
                    exchange.getResponseHeaders().add("Content-Type", "text/html");
                }
                case "/encoded" -> {
                    exchange.getResponseHeaders().add("Content-Encoding", "identity-of-origin");
                    exchange.getResponseHeaders().add("Content-Type", "text/html");
                }
                case "/untyped" -> body = "<html><body>untyped</body></html>".getBytes(UTF_8);
                default -> status = 404;
            }
            // /small-chunked: the same small body without a length, sent chunked
            exchange.sendResponseHeaders(status, path.equals("/small-chunked") ? 0 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private String originUrl() {
        return "http://127.0.0.1:" + origin.getAddress().getPort();
    }

    private HttpResponse<byte[]> bytes(String host, String path, String... headers) {
        HttpRequest.Builder request = proxy.request(host, path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return proxy.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private TraefikKeys compressRouter() {
        return new TraefikKeys().router("site", "Host(`site.test`)", "site").middlewares("site", "squeeze")
                .server("site", "one", originUrl())
                .middleware("squeeze", "compress/minResponseBodyBytes", "1024");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br", "zstd"})
    void compressesAServersBodyWithTheCodingTheClientPrefers(String coding) {
        proxy.apply(compressRouter().build());

        HttpResponse<byte[]> response = bytes("site.test", "/text", "Accept-Encoding", coding + ", identity;q=0.5");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).contains(coding);
        assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        assertThat(response.body().length).isLessThan(TEXT.length / 4);
        assertThat(Decoding.decode(coding, response.body())).isEqualTo(TEXT);
    }

    @Test
    void leavesSmallRangedAndEncodedBodiesAlone() {
        proxy.apply(compressRouter().build());

        HttpResponse<byte[]> small = bytes("site.test", "/small", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> smallChunked = bytes("site.test", "/small-chunked", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> ranged = bytes("site.test", "/range", "Accept-Encoding", "br");
        HttpResponse<byte[]> encoded = bytes("site.test", "/encoded", "Accept-Encoding", "zstd");

        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(small.headers().firstValue("Content-Length")).contains("4");
        assertThat(new String(small.body(), UTF_8)).isEqualTo("tiny");
        assertThat(smallChunked.headers().firstValue("Content-Encoding")).as("a small body that ends is sent as is")
                .isEmpty();
        assertThat(new String(smallChunked.body(), UTF_8)).isEqualTo("tiny");
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(ranged.body()).isEqualTo(TEXT);
        assertThat(encoded.headers().allValues("Content-Encoding")).containsExactly("identity-of-origin");
        assertThat(encoded.body()).isEqualTo(TEXT);
    }

    @Test
    void contentTypeSniffsOnlyWhereTheMiddlewareIs() {
        proxy.apply(new TraefikKeys()
                .router("plain", "Host(`plain.test`)", "site").server("site", "one", originUrl())
                .router("sniffed", "Host(`sniffed.test`)", "site").middlewares("sniffed", "detect")
                .middleware("detect", "contentType/autoDetect", "true")
                .build());

        assertThat(proxy.get("plain.test", "/untyped").headers().firstValue("Content-Type")).isEmpty();
        assertThat(proxy.get("sniffed.test", "/untyped").headers().firstValue("Content-Type"))
                .contains("text/html; charset=utf-8");
    }
}
