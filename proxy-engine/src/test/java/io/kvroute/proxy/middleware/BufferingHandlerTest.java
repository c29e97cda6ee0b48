package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.RawSettings;
import io.kvroute.kv.model.Retry;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Traefik's buffering through a real proxy to a real server: limits, and bodies forwarded whole with a length. */
class BufferingHandlerTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Answers how the body came: its framing headers, length and SHA-256; {@code /big} answers 1000 bytes. */
    private static final HttpHandler BODY_REPORT = exchange -> {
        if (exchange.getRequestPath().equals("/big")) {
            exchange.getResponseSender().send("x".repeat(1000));
            return;
        }
        exchange.getRequestReceiver().receiveFullBytes((done, body) -> done.getResponseSender().send(
                "length " + done.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH)
                        + " chunked " + done.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)
                        + " bytes " + body.length + " sha " + Hashing.sha256().hashBytes(body)));
    };

    private final MiddlewareEvents events = new MiddlewareEvents();

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static HttpResponse<String> post(TestServer proxy, String path, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        try {
            return CLIENT.send(HttpRequest.newBuilder(proxy.uri(path)).POST(publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void withProxy(String settings, ProxyTest test) {
        try (TestServer backend = TestServer.start(BODY_REPORT);
             TestServer proxy = TestServer.start(MiddlewareChain.build(List.of(Opaque.of("buf", "buffering",
                     settings)), backend.proxy(), events).handler())) {
            test.run(proxy);
        }
    }

    private interface ProxyTest {
        void run(TestServer proxy);
    }

    @ParameterizedTest(name = "chunked {0}")
    @CsvSource({"false", "true"})
    void refusesABodyOverTheLimitWith413AndForwardsNothing(boolean chunked) {
        withProxy("{\"maxRequestBodyBytes\": 1000}", proxy -> {
            HttpResponse<String> refused = post(proxy, "/", randomBytes(1001), chunked);
            HttpResponse<String> fits = post(proxy, "/", randomBytes(1000), chunked);

            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).isEqualTo("Request Entity Too Large");
            assertThat(fits.statusCode()).isEqualTo(200);
            assertThat(fits.body()).startsWith("length 1000 chunked false bytes 1000");
            assertThat(events.snapshot().get("buf")).containsEntry("requestTooLarge", 1L);
        });
    }

    @Test
    void forwardsALargeChunkedBodyWholeWithItsLengthPartlyFromDisk() {
        byte[] body = randomBytes(300_000);
        withProxy("{\"memRequestBodyBytes\": 4096}", proxy -> {
            HttpResponse<String> response = post(proxy, "/", body, true);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("length 300000 chunked false bytes 300000 sha "
                    + Hashing.sha256().hashBytes(body));
        });
    }

    @Test
    void answers500ForAResponseDeclaredLongerThanTheLimit() {
        withProxy("{\"maxResponseBodyBytes\": 999}", proxy -> {
            HttpResponse<String> response = Http.get(proxy.uri("/big"));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("Internal Server Error");
            assertThat(events.snapshot().get("buf")).containsEntry("responseTooLarge", 1L);
        });
        withProxy("{\"maxResponseBodyBytes\": 1000}", proxy ->
                assertThat(Http.get(proxy.uri("/big")).body()).hasSize(1000));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"maxRequestBodyBytes": -1}                   | maxRequestBodyBytes -1 (expected: 0 or more bytes)
            {"memRequestBodyBytes": -5}                   | memRequestBodyBytes -5 (expected: 0 or more bytes)
            {"memResponseBodyBytes": -1}                  | memResponseBodyBytes -1 (expected: 0 or more bytes)
            {"retryExpression": "Attempts()"}             | retryExpression "Attempts()" (expected: a condition such as IsNetworkError() && Attempts() <= 2; at column 1: the expression must be a condition
            {"retryExpression": "IsNetworkError() and Attempts() < 2"} | at column 18: expected && or || or the end, found "and"
            """)
    void refusesWhatItCannotApplyNamingTheSetting(String settings, String message) {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(Opaque.of("buf", "buffering", settings)),
                Echo.HANDLER)).isInstanceOf(MiddlewareException.class).hasMessageContaining(message);
    }

    @Test
    void acceptsTraefiksResponseAndRetrySettings() {
        MiddlewareChain chain = MiddlewareChain.build(List.of(Opaque.of("buf", "buffering",
                "{\"memResponseBodyBytes\": 2048, \"retryExpression\": \"IsNetworkError() && Attempts() <= 2\"}")),
                Echo.HANDLER);

        assertThat(chain.warnings()).isEmpty();
        assertThat(MiddlewareChain.build(List.of(Opaque.of("buf", "buffering", "{\"retryExpression\": \"\"}")),
                Echo.HANDLER).warnings()).as("an empty expression retries nothing, as in Traefik").isEmpty();
    }

    @Test
    void streamsAResponseLargerThanMemResponseBodyBytesWhole() {
        withProxy("{\"memResponseBodyBytes\": 10, \"maxResponseBodyBytes\": 1000}", proxy -> {
            HttpResponse<String> response = Http.get(proxy.uri("/big"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("x".repeat(1000));
        });
    }

    @Test
    void refusesABufferingRetryNextToAnotherRetryingMiddleware() {
        Middleware retry = new Retry("other", 2, Optional.empty(), RawSettings.empty());
        Middleware buffering = Opaque.of("other", "buffering", "{\"retryExpression\": \"ResponseCode() == 503\"}");
        for (Middleware other : List.of(retry, buffering)) {
            assertThatThrownBy(() -> MiddlewareChain.build(List.of(
                    Opaque.of("buf", "buffering", "{\"retryExpression\": \"IsNetworkError()\"}"), other),
                    Echo.HANDLER))
                    .isInstanceOf(MiddlewareException.class)
                    .hasMessageContaining("retryExpression with \"other\" (" + other.type() + ") in the same chain");
        }
    }
}
