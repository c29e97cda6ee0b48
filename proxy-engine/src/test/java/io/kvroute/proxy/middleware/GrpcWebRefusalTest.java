package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcWebRefusalTest {
    @Test
    void refusesGrpcWebNamingWhatTheProxyClientLacks() {
        var grpcWeb = KvMiddleware.of("grpc", "grpcWeb", "{\"allowOrigins\": [\"*\"]}");

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(grpcWeb), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.NOT_IMPLEMENTED);
                    assertThat(e.middleware()).isEqualTo("grpc");
                })
                .hasMessage("middleware \"grpc\" (grpcWeb): grpcWeb needs gRPC to the servers (HTTP/2 with prior "
                        + "knowledge to h2c:// servers, h2 to https:// ones, response trailers), which kvroute's "
                        + "proxy client does not speak; the router is left out rather than served without it");
    }
}
