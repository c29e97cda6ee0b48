package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

/** The one exception this package throws; docker-java's errors are translated into a {@link Kind}. */
public final class DockerSourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, independent of docker-java. */
    public enum Kind {
        /** The endpoint or TLS settings are malformed; fix the configuration. */
        INVALID_ENDPOINT,
        /** The engine cannot be reached, or the connection broke; retrying later may work. */
        UNAVAILABLE,
        /** The engine refused the request (bad request, not authorized, API version). */
        REJECTED,
        /** The container (or other object) named in the call does not exist. */
        NOT_FOUND,
        /** The source was closed, or the calling thread was interrupted. */
        CLOSED
    }

    private final Kind kind;

    public DockerSourceException(Kind kind, String message) {
        this(kind, message, null);
    }

    public DockerSourceException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "DockerSourceException[" + kind + "]: " + getMessage();
    }
}
