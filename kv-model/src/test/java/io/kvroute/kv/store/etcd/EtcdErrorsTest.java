package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EtcdErrorsTest {
    private static final String STORE = "etcd http://127.0.0.1:2379";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "UNAVAILABLE, UNAVAILABLE",
            "DEADLINE_EXCEEDED, TIMEOUT",
            "NOT_FOUND, NOT_FOUND",
            "PERMISSION_DENIED, UNAUTHORIZED",
            "UNAUTHENTICATED, UNAUTHORIZED",
            "INVALID_ARGUMENT, INVALID",
            "FAILED_PRECONDITION, CONFLICT",
            "ALREADY_EXISTS, CONFLICT",
            "CANCELLED, CANCELLED",
            "RESOURCE_EXHAUSTED, INTERNAL",
            "UNKNOWN, INTERNAL"})
    void grpcStatusCodesBecomeKinds(Status.Code code, Kind kind) {
        KvStoreException translated = EtcdErrors.translate(
                new ExecutionException(Status.fromCode(code).withDescription("etcdserver: x").asRuntimeException()),
                STORE, "list \"traefik/\"");

        assertThat(translated.kind()).isEqualTo(kind);
        assertThat(translated.getMessage()).isEqualTo(STORE + ": list \"traefik/\": " + code + " " + code + ": etcdserver: x");
    }

    @Test
    void outOfRangeIsCompactedOnlyWhenEtcdSaysSo() {
        assertThat(EtcdErrors.kindOf(Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted"))
                .isEqualTo(Kind.COMPACTED);
        assertThat(EtcdErrors.kindOf(Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision"))
                .isEqualTo(Kind.INVALID);
    }

    @Test
    void refusedCredentialsAreUnauthorizedThoughEtcdSaysInvalidArgument() {
        assertThat(EtcdErrors.kindOf(Status.Code.INVALID_ARGUMENT, "etcdserver: user name is empty"))
                .isEqualTo(Kind.UNAUTHORIZED);
        assertThat(EtcdErrors.kindOf(Status.Code.INVALID_ARGUMENT,
                "etcdserver: authentication failed, invalid user ID or password")).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(EtcdErrors.kindOf(Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided"))
                .isEqualTo(Kind.INVALID);
    }

    @Test
    void aFutureWithoutAnswerFailsAsTimeoutNamingTheCall() {
        CompletableFuture<String> never = new CompletableFuture<>();

        assertThatThrownBy(() -> EtcdErrors.await(never, Duration.ofMillis(50), STORE, "grant lease of 2 s"))
                .isInstanceOfSatisfying(KvStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessage(STORE + ": grant lease of 2 s: no answer within 50ms");
    }

    @Test
    void anInterruptedWaitIsCancelledAndKeepsTheInterruptFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> EtcdErrors.await(new CompletableFuture<>(), Duration.ofSeconds(5), STORE, "list"))
                    .isInstanceOfSatisfying(KvStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void wrappedFailuresAreUnwrappedAndUnknownOnesAreInternal() {
        KvStoreException known = new KvStoreException(Kind.CONFLICT, "held");

        assertThat(EtcdErrors.translate(new CompletionException(known), STORE, "commit")).isSameAs(known);
        assertThat(EtcdErrors.translate(new IllegalStateException("boom"), STORE, "commit").kind()).isEqualTo(Kind.INTERNAL);
    }

    @Test
    void onlyARefusedConnectionCountsAsNotSent() {
        KvStoreException refused = EtcdErrors.translate(Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused: /127.0.0.1:2379")).asRuntimeException(),
                STORE, "list \"traefik/\"");
        KvStoreException closed = EtcdErrors.translate(Status.UNAVAILABLE
                .withDescription("Network closed for unknown reason").asRuntimeException(), STORE, "list \"traefik/\"");
        KvStoreException timedOut = new KvStoreException(Kind.TIMEOUT, STORE + ": list: no answer within 1s",
                new ConnectException("Connection refused"));

        assertThat(EtcdErrors.notSent(refused)).isTrue();
        assertThat(EtcdErrors.notSent(closed)).as("the request may have reached etcd").isFalse();
        assertThat(EtcdErrors.notSent(timedOut)).isFalse();
    }

    @Test
    void onlyAForgottenOrStaleTokenCountsAsTokenRefusedNotWrongCredentials() {
        KvStoreException forgotten = EtcdErrors.translate(Status.UNAUTHENTICATED
                .withDescription("etcdserver: invalid auth token").asRuntimeException(), STORE, "list \"traefik/\"");
        KvStoreException stale = EtcdErrors.translate(Status.INVALID_ARGUMENT
                .withDescription("etcdserver: revision of auth store is old").asRuntimeException(), STORE, "put");
        KvStoreException wrongPassword = EtcdErrors.translate(Status.INVALID_ARGUMENT
                .withDescription("etcdserver: authentication failed, invalid user ID or password")
                .asRuntimeException(), STORE, "list \"traefik/\"");

        assertThat(EtcdErrors.tokenRefused(forgotten)).isTrue();
        assertThat(EtcdErrors.tokenRefused(stale)).isTrue();
        assertThat(EtcdErrors.tokenRefused(wrongPassword)).as("sending it again would be refused again").isFalse();
    }
}
