package io.kvroute.kv.store.etcd;

import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.ClosedKeepAliveListenerException;
import io.etcd.jetcd.common.exception.ClosedWatcherException;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for jetcd futures with a deadline (jetcd blocks through an outage otherwise) and translates jetcd and gRPC
 * failures into {@link KvStoreException} kinds. Messages name the store and the call: {@code etcd
 * http://127.0.0.1:2379: list "traefik/": no answer within 5s}.
 */
final class EtcdErrors {
    private EtcdErrors() {
    }

    /** The future's value, waiting at most {@code timeout}; every failure becomes a {@link KvStoreException}. */
    static <T> T await(CompletableFuture<T> future, Duration timeout, String store, String call) {
        return await(future, timeout, timeout, store, call);
    }

    /**
     * The future's value, waiting at most {@code wait}, what is left of the call's {@code timeout} (the one a timeout
     * names); every failure becomes a {@link KvStoreException}.
     */
    static <T> T await(CompletableFuture<T> future, Duration wait, Duration timeout, String store, String call) {
        try {
            return future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new KvStoreException(Kind.TIMEOUT, store + ": " + call + ": no answer within " + GoDuration.format(timeout), e);
        } catch (InterruptedException e) {
            future.cancel(false);
            throw translate(e, store, call);
        } catch (ExecutionException e) {
            throw translate(e, store, call);
        }
    }

    /**
     * Whether the call failed before it reached the member: its connection was refused (gRPC fails such a call at
     * once with {@code UNAVAILABLE} and the connect error as cause), so it is safe to send it to another member.
     */
    static boolean notSent(KvStoreException failure) {
        if (failure.kind() != Kind.UNAVAILABLE) {
            return false;
        }
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause.getMessage() != null
                    && cause.getMessage().contains("Connection refused")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether etcd refused the call's auth token, not its credentials: a token it forgot (simple tokens do not
     * outlive a restart, and expire after five idle minutes) or one older than its auth store. The call was not
     * applied and jetcd has asked for a new token already, so the call may be sent again once.
     */
    static boolean tokenRefused(KvStoreException failure) {
        String message = failure.getMessage();
        return message != null
                && (message.contains("invalid auth token") || message.contains("revision of auth store is old"));
    }

    /** Translates {@code failure} (possibly wrapped in execution or completion exceptions). */
    static KvStoreException translate(Throwable failure, String store, String call) {
        Throwable cause = unwrap(failure);
        if (cause instanceof KvStoreException known) {
            return known;
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new KvStoreException(Kind.CANCELLED, store + ": " + call + ": interrupted", cause);
        }
        if (cause instanceof TimeoutException) {
            return new KvStoreException(Kind.TIMEOUT, store + ": " + call + ": timed out", cause);
        }
        if (cause instanceof CompactedException compacted) {
            return new KvStoreException(Kind.COMPACTED, store + ": " + call + ": revision compacted through "
                    + compacted.getCompactedRevision() + " (expected: re-list and watch from the new revision)", cause);
        }
        if (cause instanceof ClosedClientException || cause instanceof ClosedWatcherException
                || cause instanceof ClosedKeepAliveListenerException || cause instanceof CancellationException) {
            return new KvStoreException(Kind.CANCELLED, store + ": " + call + ": client closed", cause);
        }
        if (cause instanceof EtcdException etcd) {
            return fromStatus(Status.Code.valueOf(etcd.getErrorCode().name()), etcd.getMessage(), cause, store, call);
        }
        if (cause instanceof StatusRuntimeException status) {
            return fromStatus(status.getStatus().getCode(), status.getMessage(), cause, store, call);
        }
        if (cause instanceof StatusException status) {
            return fromStatus(status.getStatus().getCode(), status.getMessage(), cause, store, call);
        }
        return new KvStoreException(Kind.INTERNAL, store + ": " + call + ": " + cause, cause);
    }

    private static KvStoreException fromStatus(Status.Code code, String message, Throwable cause, String store,
            String call) {
        return new KvStoreException(kindOf(code, message), store + ": " + call + ": " + code + " " + message, cause);
    }

    static Kind kindOf(Status.Code code, String message) {
        return switch (code) {
            case UNAVAILABLE -> Kind.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> Kind.TIMEOUT;
            case NOT_FOUND -> Kind.NOT_FOUND;
            case PERMISSION_DENIED, UNAUTHENTICATED -> Kind.UNAUTHORIZED;
            case OUT_OF_RANGE -> message != null && message.contains("compacted") ? Kind.COMPACTED : Kind.INVALID;
            case INVALID_ARGUMENT -> refusesCredentials(message) ? Kind.UNAUTHORIZED : Kind.INVALID;
            case FAILED_PRECONDITION, ABORTED, ALREADY_EXISTS -> Kind.CONFLICT;
            case CANCELLED -> Kind.CANCELLED;
            default -> Kind.INTERNAL;
        };
    }

    /**
     * etcd refuses missing or wrong credentials with {@code INVALID_ARGUMENT} ("user name is empty", "authentication
     * failed, invalid user ID or password"); they are {@code UNAUTHORIZED} like a refused token.
     */
    private static boolean refusesCredentials(String message) {
        return message != null && (message.contains("authentication failed") || message.contains("user name is empty")
                || message.contains("invalid auth token"));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
