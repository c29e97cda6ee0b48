package io.kvroute.kv.store.consul;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.kiwiproject.consul.ConsulException;

/**
 * Translates what consul-client throws into {@link KvStoreException}s whose message names the operation, the agent
 * and what Consul answered, never a stack trace.
 */
final class ConsulErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATUS_MARK = "failed with status [";

    private final String store;
    private final Duration requestTimeout;

    ConsulErrors(String store, Duration requestTimeout) {
        this.store = requireNonNull(store, "store");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
    }

    /** {@code operation} says what was attempted, e.g. {@code list "traefik/"}. */
    KvStoreException translate(String operation, RuntimeException failure) {
        if (failure instanceof KvStoreException already) {
            return already;
        }
        if (failure instanceof ConsulException consul && consul.hasCode()) {
            return fromStatus(operation, consul.getCode(), answerBody(consul), consul);
        }
        return fromTransport(operation, failure);
    }

    private KvStoreException fromStatus(String operation, int status, String body, ConsulException cause) {
        String answered = prefix(operation) + " answered HTTP " + status + ": " + oneLine(body);
        Kind kind = switch (status) {
            case 400, 413 -> Kind.INVALID;
            case 401, 403 -> Kind.UNAUTHORIZED;
            case 404 -> Kind.NOT_FOUND;
            case 409 -> kindOfFailedTransaction(body);
            case 429 -> Kind.UNAVAILABLE;
            default -> status >= 500 ? Kind.UNAVAILABLE : Kind.INTERNAL;
        };
        return new KvStoreException(kind, answered, cause);
    }

    private KvStoreException fromTransport(String operation, RuntimeException failure) {
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            root = t;
            if (t instanceof IOException) {
                break;
            }
        }
        if (root instanceof SocketTimeoutException
                || root instanceof InterruptedIOException && "timeout".equals(root.getMessage())) {
            return new KvStoreException(Kind.TIMEOUT, prefix(operation) + " did not answer within "
                    + requestTimeout.toMillis() + " ms (the request timeout)", failure);
        }
        if (root instanceof IOException && root.getMessage() != null
                && root.getMessage().toLowerCase(Locale.ROOT).contains("canceled")) {
            return new KvStoreException(Kind.CANCELLED, prefix(operation) + " was cancelled: the store is closing",
                    failure);
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException
                || root instanceof UnknownHostException) {
            return new KvStoreException(Kind.UNAVAILABLE, prefix(operation) + " is unreachable ("
                    + root.getClass().getSimpleName() + ": " + root.getMessage() + ")", failure);
        }
        if (root instanceof SSLException) {
            return new KvStoreException(Kind.UNAVAILABLE, prefix(operation) + " failed the TLS handshake ("
                    + root.getMessage() + ")", failure);
        }
        if (root instanceof IOException) {
            return new KvStoreException(Kind.UNAVAILABLE, prefix(operation) + " failed in transit ("
                    + root.getClass().getSimpleName() + ": " + root.getMessage() + ")", failure);
        }
        return new KvStoreException(Kind.INTERNAL, prefix(operation) + " failed unexpectedly ("
                + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")", failure);
    }

    /** A failed {@code /v1/txn} answers 409 with {@code Errors}; an invalid session means the lease is gone. */
    private static Kind kindOfFailedTransaction(String body) {
        List<String> reasons = transactionErrors(body);
        boolean sessionGone = reasons.stream().anyMatch(what -> what.contains("invalid session"));
        return sessionGone ? Kind.NOT_FOUND : Kind.CONFLICT;
    }

    private static List<String> transactionErrors(String body) {
        try {
            TxnFailure failure = JSON.readValue(body, TxnFailure.class);
            return failure.errors() == null ? List.of()
                    : failure.errors().stream().map(TxnError::what).filter(Objects::nonNull).toList();
        } catch (IOException notJson) {
            return List.of(body);
        }
    }

    /**
     * consul-client keeps the error body only inside its message,
     * {@code "Consul request [to [url]] failed with status [409]: <body>"}.
     */
    private static String answerBody(ConsulException consul) {
        String message = String.valueOf(consul.getMessage());
        int status = message.indexOf(STATUS_MARK);
        int bodyStart = status < 0 ? -1 : message.indexOf("]: ", status);
        return bodyStart < 0 ? message : message.substring(bodyStart + 3);
    }

    private static String oneLine(String body) {
        String collapsed = body.strip().replaceAll("\\s+", " ");
        List<String> reasons = collapsed.startsWith("{") ? transactionErrors(collapsed) : List.of();
        if (!reasons.isEmpty()) {
            return reasons.stream().collect(Collectors.joining("; "));
        }
        return collapsed.isEmpty() ? "(no body)" : collapsed;
    }

    private String prefix(String operation) {
        return operation + ": " + store;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record TxnFailure(@JsonProperty("Errors") List<TxnError> errors) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record TxnError(@JsonProperty("OpIndex") int opIndex, @JsonProperty("What") String what) {
    }
}
