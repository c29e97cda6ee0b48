package io.kvroute.kv.layout.schema;

/** The kinds of values a configuration field holds, as Traefik's decoder distinguishes them. */
public enum FieldType {
    /** Go {@code string}: taken as is. */
    STRING,
    /** Go {@code int}/{@code int64}: {@code strconv.ParseInt(v, 10, 64)}. */
    INT,
    /** Go {@code float64}: {@code strconv.ParseFloat}. */
    FLOAT,
    /** Go {@code bool}: {@code strconv.ParseBool}. */
    BOOL,
    /** paerser {@code types.Duration}: bare integer = seconds, else Go duration syntax; JSON is Go's text form. */
    DURATION,
    /** {@code []string}: the (folded) value split on {@code ,} and trimmed. */
    SCALAR_LIST,
    /** {@code map[string]string}: one child per entry, the child's name is the key. */
    STRING_MAP,
    /** {@code map[string]int}. */
    INT_MAP,
    /** A pointer to a struct. */
    STRUCT,
    /** {@code []Struct}: one element per child, child names are never read. */
    STRUCT_LIST,
    /** {@code map[string]*Struct}: one entry per child. */
    STRUCT_MAP,
    /** {@code map[string]PluginConf}: a configuration object per plugin, each key paerser's raw value. */
    PLUGINS;

    public boolean isScalar() {
        return this == STRING || this == INT || this == FLOAT || this == BOOL || this == DURATION;
    }
}
