package io.kvroute.proxy.health;

import io.undertow.util.HeaderMap;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The gRPC Health Checking Protocol v1 as Traefik's {@code mode: grpc} health check speaks it: the request is
 * {@code grpc.health.v1.Health/Check} with an empty {@code HealthCheckRequest} (service {@code ""}: the server as a
 * whole), and the server passes only when the call succeeds ({@code grpc-status} 0, in the trailers or, for an answer
 * without a body, in the headers) and its {@code HealthCheckResponse} says {@code SERVING}.
 */
final class GrpcHealthAnswer {
    /** The method's path. */
    static final String PATH = "/grpc.health.v1.Health/Check";
    /** An uncompressed gRPC message of length 0: the empty {@code HealthCheckRequest}. */
    private static final byte[] EMPTY_REQUEST = new byte[5];
    /** {@code ServingStatus} names by number: 1 is {@code SERVING}. */
    private static final List<String> SERVING_STATUS = List.of("UNKNOWN", "SERVING", "NOT_SERVING",
            "SERVICE_UNKNOWN");
    private static final int SERVING = 1;
    private static final int UNIMPLEMENTED = 12;

    private GrpcHealthAnswer() {
    }

    /** The request body: one gRPC frame holding the empty {@code HealthCheckRequest}. */
    static ByteBuffer request() {
        return ByteBuffer.wrap(EMPTY_REQUEST.clone());
    }

    /**
     * Why an answer with HTTP {@code status}, {@code headers}, {@code trailers} (null when none came) and
     * {@code body} fails the check, or empty when the server is serving.
     */
    static Optional<String> failure(int status, HeaderMap headers, HeaderMap trailers, byte[] body) {
        String grpcStatus = trailers != null && trailers.contains("grpc-status") ? trailers.getFirst("grpc-status")
                : headers.getFirst("grpc-status");
        String message = trailers != null && trailers.contains("grpc-message") ? trailers.getFirst("grpc-message")
                : headers.getFirst("grpc-message");
        if (status != 200) {
            return Optional.of("HTTP status " + status + " (expected: 200 with a gRPC answer)");
        }
        if (grpcStatus == null) {
            return Optional.of("gRPC health check failed: no grpc-status in the answer");
        }
        if (!grpcStatus.equals("0")) {
            String detail = message == null || message.isEmpty() ? "" : ": " + message;
            return Optional.of(grpcStatus.equals(Integer.toString(UNIMPLEMENTED))
                    ? "gRPC server does not implement the health protocol" + detail
                    : "gRPC health check failed: grpc-status " + grpcStatus + detail);
        }
        Optional<Integer> serving = servingStatus(body);
        if (serving.isEmpty()) {
            return Optional.of("gRPC health check failed: the answer is not one HealthCheckResponse message");
        }
        int value = serving.get();
        if (value != SERVING) {
            String name = value >= 0 && value < SERVING_STATUS.size() ? SERVING_STATUS.get(value)
                    : Integer.toString(value);
            return Optional.of("received gRPC status code: " + name);
        }
        return Optional.empty();
    }

    /**
     * The {@code status} (field 1) of the one uncompressed {@code HealthCheckResponse} frame in {@code body}: 0
     * ({@code UNKNOWN}) when the field is absent, as protobuf reads it; empty when the body is not such a frame.
     */
    static Optional<Integer> servingStatus(byte[] body) {
        if (body.length < 5 || body[0] != 0) {
            return Optional.empty();
        }
        long length = ((body[1] & 0xffL) << 24) | ((body[2] & 0xffL) << 16) | ((body[3] & 0xffL) << 8)
                | (body[4] & 0xffL);
        if (length != body.length - 5) {
            return Optional.empty();
        }
        ByteBuffer message = ByteBuffer.wrap(body, 5, body.length - 5);
        int status = 0;
        while (message.hasRemaining()) {
            Optional<Long> tag = varint(message);
            if (tag.isEmpty()) {
                return Optional.empty();
            }
            int field = (int) (tag.get() >>> 3);
            int wireType = (int) (tag.get() & 7);
            if (wireType == 0) {
                Optional<Long> value = varint(message);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                if (field == 1) {
                    status = value.get().intValue();
                }
            } else if (!skip(message, wireType)) {
                return Optional.empty();
            }
        }
        return Optional.of(status);
    }

    /** Skips a field of {@code wireType} other than a varint; false when the message ends inside it. */
    private static boolean skip(ByteBuffer message, int wireType) {
        long size;
        if (wireType == 1 || wireType == 5) {
            size = wireType == 1 ? 8 : 4;
        } else if (wireType == 2) {
            size = varint(message).orElse(Long.MAX_VALUE);
        } else {
            return false;
        }
        if (size > message.remaining()) {
            return false;
        }
        message.position(message.position() + (int) size);
        return true;
    }

    private static Optional<Long> varint(ByteBuffer message) {
        long value = 0;
        for (int shift = 0; shift < 64 && message.hasRemaining(); shift += 7) {
            byte next = message.get();
            value |= (long) (next & 0x7f) << shift;
            if ((next & 0x80) == 0) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
