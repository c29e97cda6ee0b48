package io.kvroute.proxy.middleware.compress;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.model.OpaqueMiddleware;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.proxy.middleware.MiddlewareChain;
import io.kvroute.proxy.middleware.MiddlewareEvents;
import io.kvroute.proxy.middleware.MiddlewareException;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compress middleware in front of an Undertow origin on 127.0.0.1, its options as Traefik's documentation and
 * tests describe them; bodies are decoded with the same libraries and compared byte for byte.
 */
class CompressHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final byte[] TEXT = "kvroute compresses what Traefik compresses. ".repeat(100).getBytes(UTF_8);

    private final MiddlewareEvents events = new MiddlewareEvents();
    private Undertow server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br", "zstd"})
    void compressesABodyOfAtLeastTheMinimumWithTheChosenCoding(String coding) {
        URI uri = serve("{}", exchange -> send(exchange, "text/plain; charset=utf-8", TEXT));

        HttpResponse<byte[]> response = get(uri, "Accept-Encoding", coding);

        assertThat(response.headers().firstValue("Content-Encoding")).contains(coding);
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        assertThat(Decoding.decode(coding, response.body())).isEqualTo(TEXT);
        assertThat(events.snapshot().get("squeeze")).containsEntry("compressed", 1L);
    }

    @Test
    void sendsASmallBodyAsItIsWithItsLength() {
        URI uri = serve("{\"minResponseBodyBytes\": 1200}", exchange -> send(exchange, "text/plain", new byte[1199]));

        HttpResponse<byte[]> response = get(uri, "Accept-Encoding", "gzip");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().firstValue("Content-Length")).contains("1199");
        assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        assertThat(response.body()).hasSize(1199);
    }

    @Test
    void compressesAStreamedBodyOnceTheMinimumCame() {
        byte[] large = "0123456789abcdef".repeat(4096).getBytes(UTF_8);
        URI uri = serve("{}", exchange -> stream(exchange, large, false));

        HttpResponse<byte[]> response = get(uri, "Accept-Encoding", "zstd");

        assertThat(response.headers().firstValue("Content-Encoding")).contains("zstd");
        assertThat(response.headers().firstValue("Transfer-Encoding")).contains("chunked");
        assertThat(Decoding.decode("zstd", response.body())).isEqualTo(large);
    }

    @Test
    void sendsASmallStreamedBodyAsItIsWithTheLengthItTurnedOutToHave() {
        URI uri = serve("{}", exchange -> stream(exchange, "short".getBytes(UTF_8), false));

        HttpResponse<byte[]> response = get(uri, "Accept-Encoding", "br");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().firstValue("Content-Length")).contains("5");
        assertThat(new String(response.body(), UTF_8)).isEqualTo("short");
    }

    @Test
    void aFlushBeforeTheMinimumStartsCompressionAsInTraefik() {
        URI uri = serve("{}", exchange -> stream(exchange, "short".getBytes(UTF_8), true));

        HttpResponse<byte[]> response = get(uri, "Accept-Encoding", "br");

        assertThat(response.headers().firstValue("Content-Encoding")).contains("br");
        assertThat(new String(Decoding.decode("br", response.body()), UTF_8)).isEqualTo("short");
    }

    @Test
    void leavesAnEncodedBodyAlone() {
        URI uri = serve("{}", exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
            send(exchange, "text/plain", TEXT);
        });

        HttpResponse<byte[]> response = get(uri, "Accept-Encoding", "gzip");

        assertThat(response.headers().allValues("Content-Encoding")).containsExactly("gzip");
        assertThat(response.body()).isEqualTo(TEXT);
    }

    @Test
    void leavesAPartialBodyAlone() {
        URI uri = serve("{}", exchange -> {
            exchange.setStatusCode(206);
            exchange.getResponseHeaders().put(Headers.CONTENT_RANGE, "bytes 0-4499/9000");
            send(exchange, "text/plain", TEXT);
        });

        HttpResponse<byte[]> response = get(uri, "Accept-Encoding", "br", "Range", "bytes=0-4499");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(TEXT);
    }

    @Test
    void withoutAcceptEncodingCompressesOnlyWithADefaultEncoding() {
        URI plain = serve("{}", exchange -> send(exchange, "text/plain", TEXT));
        HttpResponse<byte[]> untouched = get(plain);
        assertThat(untouched.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(untouched.headers().allValues("Vary")).isEmpty();
        stop();

        URI withDefault = serve("{\"defaultEncoding\": \"br\"}", exchange -> send(exchange, "text/plain", TEXT));
        HttpResponse<byte[]> compressed = get(withDefault);
        assertThat(compressed.headers().firstValue("Content-Encoding")).contains("br");
        assertThat(Decoding.decode("br", compressed.body())).isEqualTo(TEXT);
    }

    @Test
    void aWildcardChoosesGzipWhichTraefiksGzipLibraryThenDeclines() {
        URI uri = serve("{}", exchange -> send(exchange, "text/plain", TEXT));

        HttpResponse<byte[]> response = get(uri, "Accept-Encoding", "*");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        assertThat(response.body()).isEqualTo(TEXT);
    }

    @Test
    void followsTheConfiguredOrderOfEncodings() {
        URI uri = serve("{\"encodings\": [\"zstd\", \"br\"]}", exchange -> send(exchange, "text/plain", TEXT));

        assertThat(get(uri, "Accept-Encoding", "gzip, br, zstd").headers().firstValue("Content-Encoding"))
                .contains("zstd");
        assertThat(get(uri, "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void eachAcceptEncodingLineGetsItsOwnCodingAlsoWhenRepeatedAndBeyondTheRememberedLines() {
        URI uri = serve("{}", exchange -> send(exchange, "text/plain", TEXT));
        List<String> remembered = List.of("gzip", "br", "zstd;q=0.5, br;q=0.4", "identity", "gzip;q=0, br;q=0");
        List<String> expected = List.of("gzip", "br", "zstd", "", "");

        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < remembered.size(); i++) {
                assertThat(get(uri, "Accept-Encoding", remembered.get(i)).headers().firstValue("Content-Encoding")
                        .orElse("")).as(remembered.get(i)).isEqualTo(expected.get(i));
            }
        }
        for (int i = 0; i <= CompressHandler.MAX_REMEMBERED_LINES; i++) {
            assertThat(get(uri, "Accept-Encoding", "x-" + i + ", br").headers().firstValue("Content-Encoding"))
                    .contains("br");
        }
        assertThat(get(uri, "Accept-Encoding", "x-beyond, zstd").headers().firstValue("Content-Encoding"))
                .contains("zstd");
        assertThat(get(uri, "Accept-Encoding", "br" + " ".repeat(CompressHandler.MAX_REMEMBERED_LENGTH))
                .headers().firstValue("Content-Encoding")).contains("br");
    }

    @Test
    void neverCompressesExcludedTypesNorGrpc() {
        URI uri = serve("{\"excludedContentTypes\": [\"text/event-stream\"]}", exchange -> send(exchange,
                exchange.getQueryParameters().get("type").getFirst(), TEXT));

        assertThat(get(uri.resolve("/?type=text/event-stream"), "Accept-Encoding", "gzip")
                .headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(get(uri.resolve("/?type=application/grpc"), "Accept-Encoding", "br")
                .headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(get(uri.resolve("/?type=text/html"), "Accept-Encoding", "br")
                .headers().firstValue("Content-Encoding")).contains("br");
        assertThat(get(uri.resolve("/?type=text/html"), "Accept-Encoding", "br", "Content-Type",
                "application/grpc+proto; x=1").headers().firstValue("Content-Encoding")).contains("br");
        assertThat(get(uri.resolve("/?type=text/html"), "Accept-Encoding", "br", "Content-Type",
                "application/grpc").headers().allValues("Vary")).isEmpty();
    }

    @Test
    void compressesOnlyIncludedTypes() {
        URI uri = serve("{\"includedContentTypes\": [\"application/json\", \"text/html\"]}", exchange -> send(exchange,
                exchange.getQueryParameters().get("type").getFirst(), TEXT));

        assertThat(get(uri.resolve("/?type=text/html;%20charset=utf-8"), "Accept-Encoding", "gzip")
                .headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(get(uri.resolve("/?type=text/plain"), "Accept-Encoding", "gzip")
                .headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void gzipFiltersAnUntypedBodyByItsSniffedType() {
        URI uri = serve("{\"includedContentTypes\": [\"text/html\"]}", exchange -> send(exchange, null,
                exchange.getQueryParameters().get("body").getFirst().repeat(300).getBytes(UTF_8)));

        assertThat(get(uri.resolve("/?body=%3Chtml%3E"), "Accept-Encoding", "gzip")
                .headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(get(uri.resolve("/?body=plain"), "Accept-Encoding", "gzip")
                .headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(get(uri.resolve("/?body=plain"), "Accept-Encoding", "br")
                .headers().firstValue("Content-Encoding")).contains("br");
    }

    @Test
    void headRequestsPassUntouched() {
        URI uri = serve("{}", exchange -> send(exchange, "text/plain", TEXT));

        HttpResponse<byte[]> response = send("HEAD", uri, "Accept-Encoding", "gzip");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().allValues("Vary")).isEmpty();
    }

    @Test
    void putsItsVaryBeforeTheServersOwn() {
        URI uri = serve("{}", exchange -> {
            exchange.getResponseHeaders().put(Headers.VARY, "Origin");
            send(exchange, "text/plain", TEXT);
        });

        assertThat(get(uri, "Accept-Encoding", "gzip").headers().allValues("Vary"))
                .containsExactly("Accept-Encoding", "Origin");
    }

    @Test
    void refusesSettingsTraefikRefuses() {
        assertThatThrownBy(() -> build("{\"includedContentTypes\": [\"text/html\"], \"excludedContentTypes\": "
                + "[\"text/plain\"]}")).isInstanceOf(MiddlewareException.class)
                .hasMessageContaining("includedContentTypes [\"text/html\"] (expected: not both");
        assertThatThrownBy(() -> build("{\"encodings\": [\"gzip\", \"deflate\"]}"))
                .hasMessageContaining("encodings [\"gzip\",\"deflate\"] (expected: only gzip, br and zstd, not "
                        + "\"deflate\")");
        assertThatThrownBy(() -> build("{\"encodings\": [\"gzip\"], \"defaultEncoding\": \"br\"}"))
                .hasMessageContaining("defaultEncoding \"br\" (expected: one of the encodings [gzip])");
        assertThatThrownBy(() -> build("{\"excludedContentTypes\": [\"text/\"]}"))
                .hasMessageContaining("excludedContentTypes [\"text/\"] (expected: media types");
        assertThatThrownBy(() -> build("{\"level\": 9}")).isInstanceOfSatisfying(MiddlewareException.class,
                e -> assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.SETTING_NOT_APPLIED));
    }

    private MiddlewareChain build(String settings) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(settings);
            if (!node.has("encodings")) {
                node.putArray("encodings").add("gzip").add("br").add("zstd");
            }
            OpaqueMiddleware middleware = new OpaqueMiddleware("squeeze", "compress", RawSettings.fromJson(node));
            return MiddlewareChain.build(List.of(middleware), origin, events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpHandler origin = exchange -> send(exchange, "text/plain", TEXT);

    private URI serve(String settings, HttpHandler originHandler) {
        origin = originHandler;
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1).setWorkerThreads(2)
                .setHandler(build(settings).handler()).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** The whole body in one go, with its length. */
    static void send(HttpServerExchange exchange, String type, byte[] body) {
        if (type != null) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    /** The body in writes of 100 bytes without a length (chunked), each flushed if {@code flush}. */
    private static void stream(HttpServerExchange exchange, byte[] body, boolean flush) throws IOException {
        if (exchange.isInIoThread()) {
            exchange.dispatch(() -> {
                try {
                    stream(exchange, body, flush);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return;
        }
        exchange.startBlocking();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        try (OutputStream out = exchange.getOutputStream()) {
            for (int offset = 0; offset < body.length; offset += 100) {
                out.write(body, offset, Math.min(100, body.length - offset));
                if (flush) {
                    out.flush();
                }
            }
        }
    }

    private static HttpResponse<byte[]> get(URI uri, String... headers) {
        return send("GET", uri, headers);
    }

    private static HttpResponse<byte[]> send(String method, URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
