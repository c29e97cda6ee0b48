package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

/** Prepends a path prefix to the request path ({@code addPrefix}). */
public record AddPrefix(String name, String prefix) implements Middleware {
    public static final String TYPE = "addPrefix";

    public AddPrefix {
        Names.check("name", name);
        requireNonNull(prefix, "prefix");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
