package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

/** Names one entity of a configuration: a router, service or middleware (v1: frontend or backend). */
public record EntityRef(Kind kind, String name) {
    public enum Kind { ROUTER, SERVICE, MIDDLEWARE }

    public EntityRef {
        requireNonNull(kind, "kind");
        requireNonNull(name, "name");
    }

    public static EntityRef router(String name) {
        return new EntityRef(Kind.ROUTER, name);
    }

    public static EntityRef service(String name) {
        return new EntityRef(Kind.SERVICE, name);
    }

    public static EntityRef middleware(String name) {
        return new EntityRef(Kind.MIDDLEWARE, name);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name;
    }
}
