package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kvroute.proxy.testing.Http2Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik's {@code grpcWeb} through a running proxy on etcd, in front of a backend that answers as a gRPC server over
 * h2c (one length-prefixed message, {@code grpc-status}/{@code grpc-message} trailers): a gRPC-Web client over
 * HTTP/1.1 gets the message and the trailers as the final {@code 0x80} frame, byte for byte, in binary and in base64
 * text; CORS preflights are answered for the allowed origins only; other requests pass unchanged.
 */
class GrpcWebIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private static final String ORIGIN = "https://app.test";
    /** The trailer frame: flag 0x80, length 36, then the trailers in name order. */
    private static final byte[] TRAILER_FRAME = frame(0x80, "grpc-message: done\r\ngrpc-status: 0\r\n");

    private final RunningProxy proxy = HARNESS.proxy();
    private Http2Backend backend;

    @BeforeEach
    void start() {
        backend = Http2Backend.cleartext("grpc");
        proxy.apply(new TraefikKeys().router("grpc", "Host(`grpc.test`)", "grpc")
                .routerKey("grpc", "middlewares/0", "web")
                .middleware("web", "grpcWeb/allowOrigins/0", ORIGIN)
                .server("grpc", "s", backend.url("h2c")).build());
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private static byte[] frame(int flag, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + bytes.length).put((byte) flag).putInt(bytes.length).put(bytes).array();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
    }

    private HttpResponse<byte[]> post(String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = proxy.request("grpc.test", "/greeter.Greeter/SayHello")
                .header("Content-Type", contentType).header("Origin", ORIGIN).header("X-Grpc-Web", "1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return proxy.client().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aBinaryGrpcWebCallGetsTheMessageThenTheTrailersAsTheLastFrame() throws Exception {
        HttpResponse<byte[]> response = post("application/grpc-web+proto", frame(0, "world"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(concat(frame(0, "hello world"), TRAILER_FRAME));
        assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc-web");
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue(ORIGIN);
        assertThat(response.headers().firstValue("access-control-allow-credentials")).hasValue("true");
        assertThat(response.headers().firstValue("access-control-expose-headers").orElseThrow())
                .contains("Content-Type").endsWith(", grpc-status, grpc-message");
        assertThat(response.headers().firstValue("content-length")).isEmpty();
        assertThat(backend.received()).extracting(Http2Backend.Received::protocol, Http2Backend.Received::contentType)
                .containsExactly(tuple("HTTP/2.0", "application/grpc+proto"));
    }

    @Test
    void aTextGrpcWebCallIsDecodedAndAnsweredInBase64() throws Exception {
        byte[] request = Base64.getEncoder().encode(frame(0, "text"));

        HttpResponse<byte[]> response = post("application/grpc-web-text", request);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.US_ASCII)).isEqualTo(
                Base64.getEncoder().encodeToString(frame(0, "hello text"))
                        + Base64.getEncoder().encodeToString(TRAILER_FRAME));
        assertThat(response.headers().firstValue("content-type")).hasValue("application/grpc-web-text");
        assertThat(backend.received()).extracting(Http2Backend.Received::protocol, Http2Backend.Received::contentType)
                .containsExactly(tuple("HTTP/2.0", "application/grpc"));
    }

    @Test
    void aPreflightIsAnsweredHereAndAllowsOnlyTheConfiguredOrigin() throws Exception {
        HttpResponse<String> allowed = proxy.send(proxy.request("grpc.test", "/greeter.Greeter/SayHello")
                .header("Origin", ORIGIN).header("Access-Control-Request-Method", "post")
                .header("Access-Control-Request-Headers", "x-grpc-web,content-type, x-user-agent")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> other = proxy.send(proxy.request("grpc.test", "/greeter.Greeter/SayHello")
                .header("Origin", "https://evil.test").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-grpc-web")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).isEmpty();
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).hasValue(ORIGIN);
        assertThat(allowed.headers().firstValue("access-control-allow-methods")).hasValue("POST");
        assertThat(allowed.headers().firstValue("access-control-allow-headers"))
                .hasValue("X-Grpc-Web, Content-Type, X-User-Agent");
        assertThat(allowed.headers().firstValue("access-control-allow-credentials")).hasValue("true");
        assertThat(allowed.headers().firstValue("access-control-max-age")).hasValue("600");
        assertThat(allowed.headers().allValues("vary"))
                .containsExactly("Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(other.headers().allValues("vary")).hasSize(3);
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aRequestThatIsNotGrpcWebPassesUnchanged() {
        HttpResponse<String> response = proxy.send(proxy.request("grpc.test", "/plain").header("Origin", ORIGIN)
                .GET().build());

        assertThat(response.body()).isEqualTo("grpc");
        assertThat(response.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(backend.received()).extracting(Http2Backend.Received::contentType).containsExactly("null");
    }
}
