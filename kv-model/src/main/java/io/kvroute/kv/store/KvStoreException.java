package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

/** The one exception every store adapter throws; adapters translate their client's errors into a {@link Kind}. */
public final class KvStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, independent of the store behind the port. */
    public enum Kind {
        /** The store cannot be reached or has no leader; retrying later may work. */
        UNAVAILABLE,
        /** The call's deadline passed before the store answered. */
        TIMEOUT,
        /** The lease, session or key named in the call does not exist (any more). */
        NOT_FOUND,
        /** A transaction's condition failed or a key is held by someone else. */
        CONFLICT,
        /** A watch asked for a revision the store has compacted away; re-list and watch again. */
        COMPACTED,
        /** Credentials or token were refused. */
        UNAUTHORIZED,
        /** The request itself was malformed (bad key, bad TTL, ...). */
        INVALID,
        /** The caller closed the store or the call was interrupted. */
        CANCELLED,
        /** Anything else the store reported. */
        INTERNAL
    }

    private final Kind kind;

    public KvStoreException(Kind kind, String message) {
        this(kind, message, null);
    }

    public KvStoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    /** True for failures that may pass by themselves (unavailable, timeout). */
    public boolean isTransient() {
        return kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT;
    }

    @Override
    public String toString() {
        return "KvStoreException[" + kind + "]: " + getMessage();
    }
}
