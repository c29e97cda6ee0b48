package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Why the connect of a request's last attempt failed, when kvroute knows it (the dials of {@link Http2Pool} and of
 * Undertow's keep-alive pool, {@link KeepAliveDialer}; a dial past the transport's {@code dialTimeout},
 * {@link ConnectAttempt}), and the status Traefik's proxy answers for it (its {@code ComputeStatusCode}):
 * 500 when the TLS client refused the server (a certificate that does not verify: Go's
 * {@code tls.CertificateVerificationError}; a server that does not speak TLS: {@code tls.RecordHeaderError}), neither
 * being a {@code net.Error}; 504 for a timeout; 502 for every other network error (refused, reset, the server's TLS
 * alert). Undertow's ProxyHandler answers a request whose connects all failed with 503; that answer is replaced by
 * Traefik's status just before it is sent.
 */
record ConnectFailure(IOException cause) {
    private static final AttachmentKey<ConnectFailure> KEY = AttachmentKey.create(ConnectFailure.class);
    /** The JDK's message for a TLS record that is none (the server answered in plain text). */
    private static final String NOT_TLS = "Unsupported or unrecognized SSL message";

    ConnectFailure {
        requireNonNull(cause, "cause");
    }

    /**
     * Notes why the connect of {@code exchange}'s current attempt failed. The answer is left as it is where its
     * channel was already taken (the request of an error page, made on the exchange that answers the client).
     */
    static void record(HttpServerExchange exchange, IOException cause) {
        if (exchange.putAttachment(KEY, new ConnectFailure(cause)) == null && exchange.isResponseChannelAvailable()) {
            exchange.addResponseCommitListener(ConnectFailure::answer);
        }
    }

    /** A new attempt begins: the failure of an earlier one no longer decides the answer. */
    static void clear(HttpServerExchange exchange) {
        exchange.removeAttachment(KEY);
    }

    /** The failure last recorded on {@code exchange}, null if none. */
    static ConnectFailure of(HttpServerExchange exchange) {
        return exchange.getAttachment(KEY);
    }

    /** Traefik's status for the network error of {@code exchange}'s current attempt: its recorded cause's, else 502. */
    static int statusOf(HttpServerExchange exchange) {
        ConnectFailure failure = exchange.getAttachment(KEY);
        return failure == null ? StatusCodes.BAD_GATEWAY : failure.status();
    }

    /** Traefik's status for this failure. */
    int status() {
        for (Throwable cause = this.cause; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException
                    || cause instanceof SSLException && String.valueOf(cause.getMessage()).startsWith(NOT_TLS)) {
                return StatusCodes.INTERNAL_SERVER_ERROR;
            }
            if (cause instanceof SocketTimeoutException) {
                return StatusCodes.GATEWAY_TIME_OUT;
            }
        }
        return StatusCodes.BAD_GATEWAY;
    }

    /** Replaces ProxyHandler's 503 for a request no server answered, when its last connect failed for a known cause. */
    private static void answer(HttpServerExchange exchange) {
        ConnectFailure failure = exchange.getAttachment(KEY);
        RoutedRequest routed = RoutedRequest.of(exchange);
        if (failure != null && exchange.getStatusCode() == StatusCodes.SERVICE_UNAVAILABLE && routed != null
                && routed.failedBeforeAnswer()) {
            exchange.setStatusCode(failure.status());
        }
    }
}
