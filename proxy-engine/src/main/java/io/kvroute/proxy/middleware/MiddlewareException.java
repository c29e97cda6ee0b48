package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

/**
 * Why a middleware could not be built from its settings. The router using it must not serve: running it without
 * the middleware (an authentication, say) would be worse than not running it.
 */
public final class MiddlewareException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** A setting has a value the middleware cannot work with (no redirect scheme, no users, ...). */
        INVALID_SETTING,
        /** A basic auth {@code usersFile} could not be read. */
        USERS_FILE_UNREADABLE,
        /** A middleware kind kvroute does not implement: serving without it could drop a protection. */
        NOT_IMPLEMENTED,
        /** Settings kvroute does not apply (e.g. the security fields of {@code headers}). */
        SETTING_NOT_APPLIED
    }

    private final Kind kind;
    private final String middleware;

    /** {@code message} says which setting is wrong and what was expected; it never contains a password hash. */
    public MiddlewareException(Kind kind, String middleware, String type, String message) {
        super("middleware \"" + requireNonNull(middleware, "middleware") + "\" (" + requireNonNull(type, "type")
                + "): " + requireNonNull(message, "message"));
        this.kind = requireNonNull(kind, "kind");
        this.middleware = middleware;
    }

    public Kind kind() {
        return kind;
    }

    /** The name of the middleware that failed. */
    public String middleware() {
        return middleware;
    }

    @Override
    public String toString() {
        return "MiddlewareException[" + kind + "]: " + getMessage();
    }
}
