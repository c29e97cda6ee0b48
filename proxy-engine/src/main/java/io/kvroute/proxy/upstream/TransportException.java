package io.kvroute.proxy.upstream;

/** Why a servers transport cannot be applied as configured, in one line naming the field and what was expected. */
public final class TransportException extends Exception {
    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
