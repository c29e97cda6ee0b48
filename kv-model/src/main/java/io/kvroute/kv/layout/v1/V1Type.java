package io.kvroute.kv.layout.v1;

/** How Traefik 1.7's KV provider reads one key ({@code provider/kv/kv_config.go}). */
public enum V1Type {
    /** {@code get}: the raw value. */
    STRING,
    /** {@code getInt}/{@code getInt64}: empty means the default. */
    INT,
    /** {@code getBool}: empty means the default. */
    BOOL,
    /** flaeg duration: a bare integer is seconds, else Go duration syntax. */
    DURATION,
    /** {@code getList}: the key's own value split on {@code ,} and trimmed, else its children sorted as strings. */
    LIST,
    /** {@code getMap}: one child per header, names put through {@code http.CanonicalHeaderKey}. */
    HEADER_MAP,
    /** A key Traefik reads for something outside the configuration (server {@code tags}: constraints). */
    IGNORED
}
