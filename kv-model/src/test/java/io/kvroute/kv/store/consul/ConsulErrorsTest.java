package io.kvroute.kv.store.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kiwiproject.consul.ConsulException;
import retrofit2.Response;

/** The translation table from consul-client's failures to {@link KvStoreException} kinds and messages. */
class ConsulErrorsTest {
    private static final String STORE = "consul http://127.0.0.1:8500";
    private final ConsulErrors errors = new ConsulErrors(STORE, Duration.ofSeconds(5));

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(400, "Missing key name", Kind.INVALID, "Missing key name"),
                Arguments.of(403, "ACL not found", Kind.UNAUTHORIZED, "ACL not found"),
                Arguments.of(404, "Session id 'abc' not found", Kind.NOT_FOUND, "Session id 'abc' not found"),
                Arguments.of(409, "{\"Results\":null,\"Errors\":[{\"OpIndex\":1,\"What\":\"failed to lock key \\\"k\\\","
                        + " lock is already held\"}]}", Kind.CONFLICT, "failed to lock key \"k\", lock is already held"),
                Arguments.of(409, "{\"Results\":null,\"Errors\":[{\"OpIndex\":1,\"What\":\"invalid session \\\"s1\\\"\"},"
                        + "{\"OpIndex\":3,\"What\":\"invalid session \\\"s1\\\"\"}]}", Kind.NOT_FOUND,
                        "invalid session \"s1\"; invalid session \"s1\""),
                Arguments.of(413, "Transaction contains too many operations (65 > 64)", Kind.INVALID,
                        "Transaction contains too many operations (65 > 64)"),
                Arguments.of(429, "rate limit exceeded", Kind.UNAVAILABLE, "rate limit exceeded"),
                Arguments.of(500, "No cluster leader", Kind.UNAVAILABLE, "No cluster leader"),
                Arguments.of(503, "", Kind.UNAVAILABLE, "(no body)"),
                Arguments.of(418, "teapot", Kind.INTERNAL, "teapot"));
    }

    /** The (code, response) constructor builds the same message as the one consul-client uses, minus the URL. */
    @SuppressWarnings("removal")
    @ParameterizedTest(name = "HTTP {0} -> {2}")
    @MethodSource("answers")
    void anHttpAnswerMapsToAKindAndQuotesConsul(int status, String body, Kind kind, String quoted) {
        ConsulException failure = new ConsulException(status,
                Response.error(status, ResponseBody.create(body, MediaType.get("text/plain"))));

        KvStoreException translated = errors.translate("commit (2 operations)", failure);

        assertThat(translated.kind()).isEqualTo(kind);
        assertThat(translated.getMessage()).isEqualTo("commit (2 operations): " + STORE + " answered HTTP " + status
                + ": " + quoted);
        assertThat(translated.getCause()).isSameAs(failure);
    }

    static Stream<Arguments> transportFailures() {
        return Stream.of(
                Arguments.of(new SocketTimeoutException("timeout"), Kind.TIMEOUT,
                        "list \"a/\": " + STORE + " did not answer within 5000 ms (the request timeout)"),
                Arguments.of(new InterruptedIOException("timeout"), Kind.TIMEOUT,
                        "list \"a/\": " + STORE + " did not answer within 5000 ms (the request timeout)"),
                Arguments.of(new ConnectException("Connection refused"), Kind.UNAVAILABLE,
                        "list \"a/\": " + STORE + " is unreachable (ConnectException: Connection refused)"),
                Arguments.of(new UnknownHostException("consul.invalid"), Kind.UNAVAILABLE,
                        "list \"a/\": " + STORE + " is unreachable (UnknownHostException: consul.invalid)"),
                Arguments.of(new IOException("Canceled"), Kind.CANCELLED,
                        "list \"a/\": " + STORE + " was cancelled: the store is closing"),
                Arguments.of(new IOException("unexpected end of stream"), Kind.UNAVAILABLE,
                        "list \"a/\": " + STORE + " failed in transit (IOException: unexpected end of stream)"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("transportFailures")
    void aTransportFailureMapsToAKind(IOException cause, Kind kind, String message) {
        KvStoreException translated = errors.translate("list \"a/\"", new ConsulException(cause));

        assertThat(translated.kind()).isEqualTo(kind);
        assertThat(translated.getMessage()).isEqualTo(message);
    }
}
