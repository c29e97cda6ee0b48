package io.kvroute.kv.gotext;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Go's scalar parsers as Traefik's decoder uses them: {@code strconv.ParseBool}, {@code strconv.ParseInt(s, 10, 64)}
 * and {@code strconv.ParseFloat(s, 64)} for decimal text. Each throws {@link IllegalArgumentException} with a
 * message naming the text and what was expected.
 */
public final class GoScalars {
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private GoScalars() {
    }

    public static boolean parseBool(String text) {
        requireNonNull(text, "text");
        if (TRUE.contains(text)) {
            return true;
        }
        if (FALSE.contains(text)) {
            return false;
        }
        throw new IllegalArgumentException("\"" + text + "\" (expected a boolean: true or false)");
    }

    /** True when {@code text} has integer syntax (optional sign, ASCII digits), whatever its range. */
    public static boolean isInteger(String text) {
        return INTEGER.matcher(text).matches();
    }

    public static long parseInt(String text) {
        requireNonNull(text, "text");
        if (!isInteger(text)) {
            throw new IllegalArgumentException("\"" + text + "\" (expected an integer)");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException outOfRange) {
            throw new IllegalArgumentException("\"" + text + "\" (expected an integer within 64 bits)");
        }
    }

    public static double parseFloat(String text) {
        requireNonNull(text, "text");
        if (!DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("\"" + text + "\" (expected a decimal number)");
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("\"" + text + "\" (expected a number within 64-bit float range)");
        }
        return value;
    }
}
