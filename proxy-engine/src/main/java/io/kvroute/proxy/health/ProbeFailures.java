package io.kvroute.proxy.health;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/** The error text of a probe whose exchange failed: {@code connect refused}, {@code connection closed ...}, ... */
final class ProbeFailures {
    static final String CLOSED = "connection closed before the response";
    /** Starts the error text of a probe whose server certificate was refused; the refusal's reason follows. */
    static final String HANDSHAKE_REFUSED = "TLS: server certificate refused: ";
    /** Undertow's code of "Connection closed" (UndertowClientMessages.connectionClosed). */
    private static final String UNDERTOW_CONNECTION_CLOSED = "UT001000";

    private ProbeFailures() {
    }

    static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (cause instanceof ConnectException) {
                return message.isEmpty() || message.toLowerCase(Locale.ROOT).contains("refused")
                        ? "connect refused" : "connect failed: " + message;
            }
            if (cause instanceof NoRouteToHostException) {
                return "connect failed: no route to host";
            }
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return "connect failed: unknown host";
            }
            if (cause instanceof ClosedChannelException || cause instanceof EOFException
                    || message.startsWith(UNDERTOW_CONNECTION_CLOSED)) {
                return CLOSED;
            }
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
    }

    /** {@code failure} as the IOException a client callback takes. */
    static IOException asIoException(Throwable failure) {
        return failure instanceof IOException io ? io : new IOException(describe(failure), failure);
    }
}
