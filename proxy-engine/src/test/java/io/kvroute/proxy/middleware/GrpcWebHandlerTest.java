package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GrpcWebHandlerTest {
    @Test
    void requestedHeadersAreReadAsRsCorsReadsThem() {
        assertThat(GrpcWebHandler.headerList("x-grpc-web,content-type, X-USER-agent ,,x_b2 ;"))
                .containsExactly("X-Grpc-Web", "Content-Type", "X-User-Agent", "X_B2");
        assertThat(GrpcWebHandler.headerList("")).isEmpty();
    }

    @Test
    void theTrailerFrameHasLowerCaseNamesInOrderAndLeavesOutTrailerAndResponseHeaderNames() {
        HeaderMap trailers = new HeaderMap();
        trailers.add(HttpString.tryFromString("Grpc-Status"), "13");
        trailers.add(HttpString.tryFromString("grpc-message"), " broken\nline ");
        trailers.add(HttpString.tryFromString("x-multi"), "a");
        trailers.add(HttpString.tryFromString("x-multi"), "b");
        trailers.add(Headers.TRAILER, "grpc-status");
        trailers.add(Headers.CONTENT_TYPE, "text/plain");
        HeaderMap response = new HeaderMap();
        response.put(Headers.CONTENT_TYPE, "application/grpc-web");

        byte[] frame = GrpcWebResponseConduit.trailerFrame(trailers, response);

        String payload = "grpc-message: broken line\r\ngrpc-status: 13\r\nx-multi: a\r\nx-multi: b\r\n";
        assertThat(Arrays.copyOf(frame, 5)).containsExactly(0x80, 0, 0, 0, payload.length());
        assertThat(new String(frame, 5, frame.length - 5, StandardCharsets.ISO_8859_1)).isEqualTo(payload);
        assertThat(GrpcWebResponseConduit.trailerFrame(null, response)).containsExactly(0x80, 0, 0, 0, 0);
    }

    @Test
    void theAnswerHeadersTakeTheClientsTypeAndExposeEveryName() {
        HeaderMap headers = new HeaderMap();
        headers.put(Headers.CONTENT_TYPE, "application/grpc+proto");
        headers.put(Headers.CONTENT_LENGTH, "12");
        headers.put(Headers.TRAILER, "grpc-status");
        headers.put(HttpString.tryFromString("x-request-id"), "7");

        GrpcWebResponseConduit.prepareHeaders(headers, GrpcWebHandler.GRPC_WEB_TEXT);

        assertThat(headers.getFirst(Headers.CONTENT_TYPE)).isEqualTo("application/grpc-web-text+proto");
        assertThat(headers.contains(Headers.CONTENT_LENGTH)).isFalse();
        assertThat(headers.contains(Headers.TRAILER)).isFalse();
        assertThat(headers.getFirst("Access-Control-Expose-Headers"))
                .isEqualTo("Content-Type, X-Request-Id, grpc-status, grpc-message");
    }
}
