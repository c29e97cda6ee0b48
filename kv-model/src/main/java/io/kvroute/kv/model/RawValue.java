package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

/**
 * One leaf of {@link RawSettings}: a JSON scalar (or an empty object/array) kept as its text and JSON kind, so
 * settings the model does not type survive a round trip with their JSON types intact.
 */
public record RawValue(Kind kind, String text) {
    /** The JSON kind of a leaf. */
    public enum Kind { STRING, NUMBER, BOOLEAN, NULL, EMPTY_OBJECT, EMPTY_ARRAY }

    public RawValue {
        requireNonNull(kind, "kind");
        requireNonNull(text, "text");
        switch (kind) {
            case NUMBER -> {
                try {
                    new java.math.BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("text: \"" + text + "\" (expected: a JSON number)", e);
                }
            }
            case BOOLEAN -> {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException("text: \"" + text + "\" (expected: true or false)");
                }
            }
            case NULL, EMPTY_OBJECT, EMPTY_ARRAY -> {
                if (!text.isEmpty()) {
                    throw new IllegalArgumentException("text: \"" + text + "\" (expected: empty for " + kind + ")");
                }
            }
            case STRING -> { }
        }
    }

    public static RawValue string(String text) {
        return new RawValue(Kind.STRING, text);
    }

    public static RawValue number(long value) {
        return new RawValue(Kind.NUMBER, Long.toString(value));
    }

    public static RawValue bool(boolean value) {
        return new RawValue(Kind.BOOLEAN, Boolean.toString(value));
    }

    public static RawValue emptyObject() {
        return new RawValue(Kind.EMPTY_OBJECT, "");
    }
}
