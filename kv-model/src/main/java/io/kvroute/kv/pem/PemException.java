package io.kvroute.kv.pem;

/** PEM text that cannot be used as asked; the message says what was found and what was expected, in one line. */
public final class PemException extends Exception {
    private static final long serialVersionUID = 1L;

    public PemException(String message) {
        super(message);
    }
}
