package io.kvroute.kv.model;

/** Checks entity names: non-empty and without {@code /} (they are key segments) or {@code @} (provider marker). */
final class Names {
    private Names() {
    }

    static String check(String field, String name) {
        java.util.Objects.requireNonNull(name, field);
        if (name.isEmpty() || name.contains("/") || name.contains("@")) {
            throw new IllegalArgumentException(field + ": \"" + name + "\" (expected: non-empty, without '/' or '@')");
        }
        return name;
    }
}
