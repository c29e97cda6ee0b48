package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The judging of gRPC Health/Check answers: SERVING passes, anything else fails saying what came. */
class GrpcHealthAnswerTest {
    private static final byte[] SERVING = {0, 0, 0, 0, 2, 8, 1};
    private static final byte[] NOT_SERVING = {0, 0, 0, 0, 2, 8, 2};

    @Test
    void aServingAnswerWithGrpcStatusZeroPasses() {
        assertThat(GrpcHealthAnswer.failure(200, new HeaderMap(), trailers("0"), SERVING)).isEmpty();
        byte[] withOtherField = {0, 0, 0, 0, 6, 0x12, 2, 'h', 'i', 8, 1};
        assertThat(GrpcHealthAnswer.servingStatus(withOtherField)).contains(1);
    }

    @Test
    void everyOtherAnswerFailsSayingWhatCame() {
        assertThat(GrpcHealthAnswer.failure(200, new HeaderMap(), trailers("0"), NOT_SERVING))
                .contains("received gRPC status code: NOT_SERVING");
        assertThat(GrpcHealthAnswer.failure(200, new HeaderMap(), trailers("0"), new byte[] {0, 0, 0, 0, 0}))
                .contains("received gRPC status code: UNKNOWN");
        assertThat(GrpcHealthAnswer.failure(200, trailers("12"), null, new byte[0]))
                .contains("gRPC server does not implement the health protocol");
        assertThat(GrpcHealthAnswer.failure(200, new HeaderMap(), trailers("14"), new byte[0]))
                .contains("gRPC health check failed: grpc-status 14");
        assertThat(GrpcHealthAnswer.failure(200, new HeaderMap(), null, SERVING))
                .contains("gRPC health check failed: no grpc-status in the answer");
        assertThat(GrpcHealthAnswer.failure(404, new HeaderMap(), null, new byte[0]))
                .contains("HTTP status 404 (expected: 200 with a gRPC answer)");
        assertThat(GrpcHealthAnswer.servingStatus(new byte[] {1, 0, 0, 0, 2, 8, 1})).as("compressed")
                .isEqualTo(Optional.empty());
        assertThat(GrpcHealthAnswer.servingStatus(new byte[] {0, 0, 0, 0, 3, 8, 1})).as("cut short").isEmpty();
    }

    private static HeaderMap trailers(String grpcStatus) {
        HeaderMap trailers = new HeaderMap();
        trailers.put(HttpString.tryFromString("grpc-status"), grpcStatus);
        return trailers;
    }
}
