package io.kvroute.kv.store.etcdhttp;

import com.fasterxml.jackson.databind.JsonNode;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Translates what etcd's JSON gateway and the JDK's HTTP and socket classes report into {@link KvStoreException}
 * kinds. The gateway answers a failed unary call with {@code {"error":"...","code":5,"message":"..."}} and ends a stream with
 * {@code {"error":{"grpc_code":14,"message":"..."}}}; the codes are gRPC's. Messages name the store and the call, as
 * the jetcd adapter's do: {@code etcd http://127.0.0.1:2379: list "traefik/": no answer within 5s}.
 */
final class GatewayErrors {
    /** etcd's answer to a request whose token it no longer knows (after a restart or the token TTL). */
    static final String INVALID_TOKEN = "invalid auth token";

    private GatewayErrors() {
    }

    /** The gRPC status code and message of a gateway error object, or empty when {@code answer} is no error. */
    static Optional<KvStoreException> fromAnswer(JsonNode answer, String store, String call) {
        JsonNode error = answer.get("error");
        if (error == null || error.isNull()) {
            return Optional.empty();
        }
        int code;
        String message;
        if (error.isObject()) {
            code = error.path("grpc_code").asInt(2);
            message = error.path("message").asText("");
        } else {
            code = answer.path("code").asInt(2);
            message = answer.path("message").asText(error.asText());
        }
        return Optional.of(new KvStoreException(kindOf(code, message), store + ": " + call + ": "
                + codeName(code) + " " + message));
    }

    /** Translates a failure of the HTTP exchange itself (possibly wrapped in completion exceptions). */
    static KvStoreException fromFailure(Throwable failure, Duration timeout, String store, String call) {
        Throwable cause = unwrap(failure);
        if (cause instanceof KvStoreException known) {
            return known;
        }
        if (cause instanceof SocketTimeoutException) {
            return new KvStoreException(Kind.TIMEOUT, store + ": " + call + ": no answer within "
                    + GoDuration.format(timeout), cause);
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new KvStoreException(Kind.CANCELLED, store + ": " + call + ": interrupted", cause);
        }
        if (cause instanceof CancellationException) {
            return new KvStoreException(Kind.CANCELLED, store + ": " + call + ": client closed", cause);
        }
        if (cause instanceof ConnectException || cause instanceof IOException) {
            return new KvStoreException(Kind.UNAVAILABLE, store + ": " + call + ": " + describe(cause), cause);
        }
        return new KvStoreException(Kind.INTERNAL, store + ": " + call + ": " + cause, cause);
    }

    /** True when {@code failure} means the request never reached the member: another member may take it. */
    static boolean notSent(Throwable failure) {
        return failure != null && unwrap(failure) instanceof ConnectException;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The kind of a gRPC status code, as the jetcd adapter reads the same codes. */
    static Kind kindOf(int code, String message) {
        return switch (code) {
            case 14 -> Kind.UNAVAILABLE;
            case 4 -> Kind.TIMEOUT;
            case 5 -> Kind.NOT_FOUND;
            case 7, 16 -> Kind.UNAUTHORIZED;
            case 11 -> message != null && message.contains("compacted") ? Kind.COMPACTED : Kind.INVALID;
            case 3 -> refusesCredentials(message) ? Kind.UNAUTHORIZED : Kind.INVALID;
            case 6, 9, 10 -> Kind.CONFLICT;
            case 1 -> Kind.CANCELLED;
            default -> Kind.INTERNAL;
        };
    }

    /**
     * etcd refuses missing or wrong credentials with {@code INVALID_ARGUMENT} ("user name is empty", "authentication
     * failed, invalid user ID or password"); they are {@code UNAUTHORIZED} like a refused token.
     */
    static boolean refusesCredentials(String message) {
        return message != null && (message.contains(INVALID_TOKEN) || message.contains("authentication failed")
                || message.contains("user name is empty"));
    }

    private static String codeName(int code) {
        return switch (code) {
            case 1 -> "CANCELLED";
            case 3 -> "INVALID_ARGUMENT";
            case 4 -> "DEADLINE_EXCEEDED";
            case 5 -> "NOT_FOUND";
            case 6 -> "ALREADY_EXISTS";
            case 7 -> "PERMISSION_DENIED";
            case 9 -> "FAILED_PRECONDITION";
            case 10 -> "ABORTED";
            case 11 -> "OUT_OF_RANGE";
            case 14 -> "UNAVAILABLE";
            case 16 -> "UNAUTHENTICATED";
            default -> "code " + code;
        };
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + message);
    }
}
