package io.kvroute.kv.store.etcdhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The gateway's error answers and the HTTP client's failures as kinds, with the store and the call named. */
class GatewayErrorsTest {
    private static final String STORE = "etcd http://127.0.0.1:2379";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "14, etcdserver: no leader, UNAVAILABLE",
            "4, context deadline exceeded, TIMEOUT",
            "5, etcdserver: requested lease not found, NOT_FOUND",
            "7, etcdserver: permission denied, UNAUTHORIZED",
            "16, etcdserver: invalid auth token, UNAUTHORIZED",
            "3, etcdserver: user name is empty, UNAUTHORIZED",
            "3, 'etcdserver: authentication failed, invalid user ID or password', UNAUTHORIZED",
            "3, etcdserver: key is not provided, INVALID",
            "11, etcdserver: mvcc: required revision has been compacted, COMPACTED",
            "11, etcdserver: mvcc: required revision is a future revision, INVALID",
            "9, etcdserver: authentication is not enabled, CONFLICT",
            "1, context canceled, CANCELLED",
            "2, something else, INTERNAL"})
    void aUnaryErrorAnswerBecomesItsKind(int code, String message, Kind kind) throws Exception {
        JsonNode answer = JSON.readTree(JSON.createObjectNode().put("error", message).put("code", code)
                .put("message", message).toString());

        KvStoreException translated = GatewayErrors.fromAnswer(answer, STORE, "list \"traefik/\"").orElseThrow();

        assertThat(translated.kind()).isEqualTo(kind);
        assertThat(translated.getMessage()).startsWith(STORE + ": list \"traefik/\": ").endsWith(" " + message);
    }

    @Test
    void aStreamErrorObjectBecomesItsKind() throws Exception {
        JsonNode answer = JSON.readTree("{\"error\":{\"grpc_code\":14,\"http_code\":503,"
                + "\"message\":\"etcdserver: no leader\",\"http_status\":\"Service Unavailable\"}}");

        KvStoreException translated = GatewayErrors.fromAnswer(answer, STORE, "watch of \"traefik/\"").orElseThrow();

        assertThat(translated.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(translated.getMessage()).isEqualTo(STORE + ": watch of \"traefik/\": UNAVAILABLE etcdserver: no leader");
    }

    @Test
    void anAnswerWithoutErrorIsNone() throws Exception {
        assertThat(GatewayErrors.fromAnswer(JSON.readTree("{\"header\":{\"revision\":\"7\"}}"), STORE, "list"))
                .isEmpty();
    }

    @Test
    void aRefusedConnectionIsUnavailableAndNotSentAndATimeoutNamesTheDeadline() {
        CompletionException refused = new CompletionException(new ConnectException("Connection refused"));

        assertThat(GatewayErrors.notSent(refused)).isTrue();
        assertThat(GatewayErrors.fromFailure(refused, Duration.ofSeconds(1), STORE, "list").kind())
                .isEqualTo(Kind.UNAVAILABLE);
        KvStoreException timeout = GatewayErrors.fromFailure(new SocketTimeoutException("Read timed out"),
                Duration.ofSeconds(1), STORE, "list \"traefik/\"");
        assertThat(timeout.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(timeout.getMessage()).isEqualTo(STORE + ": list \"traefik/\": no answer within 1s");
        assertThat(GatewayErrors.notSent(new SocketTimeoutException("Read timed out"))).isFalse();
    }
}
