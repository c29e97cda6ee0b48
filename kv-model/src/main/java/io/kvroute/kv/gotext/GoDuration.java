package io.kvroute.kv.gotext;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Go's {@code time.Duration} text forms, in nanoseconds: {@link #parse} accepts what {@code time.ParseDuration}
 * accepts ({@code 1m30s}, {@code 100ms}, {@code 1.5h}, {@code -1s}, {@code 0}); {@link #format} prints what
 * {@code Duration.String()} prints ({@code 1s}, {@code 100ms}, {@code 1m30s}, {@code 1h0m0s}, {@code 1.5µs}).
 * {@link #parseTraefik} adds the paerser rule for {@code ptypes.Duration}: a bare integer means seconds.
 */
public final class GoDuration {
    private static final long NANOSECOND = 1L;
    private static final long MICROSECOND = 1_000L;
    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    /** 1 << 63 as an unsigned value. */
    private static final long LIMIT = Long.MIN_VALUE;
    private static final Map<String, Long> UNITS = Map.of(
            "ns", NANOSECOND,
            "us", MICROSECOND,
            "\u00b5s", MICROSECOND,
            "\u03bcs", MICROSECOND,
            "ms", MILLISECOND,
            "s", SECOND,
            "m", 60 * SECOND,
            "h", 3600 * SECOND);

    private GoDuration() {
    }

    /**
     * A Traefik {@code ptypes.Duration} value: a bare (signed) integer is seconds, anything else Go duration syntax.
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static long parseTraefik(String text) {
        requireNonNull(text, "text");
        if (GoScalars.isInteger(text)) {
            long seconds = GoScalars.parseInt(text);
            try {
                return Math.multiplyExact(seconds, SECOND);
            } catch (ArithmeticException overflow) {
                throw new IllegalArgumentException("duration \"" + text + "\": out of range (expected at most "
                        + Long.MAX_VALUE / SECOND + " seconds)");
            }
        }
        return parse(text);
    }

    /**
     * Go's {@code time.ParseDuration}.
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static long parse(String text) {
        requireNonNull(text, "text");
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw invalid(text, "a number with a unit, e.g. 10s or 1m30s");
        }
        long total = 0;
        int pos = 0;
        while (pos < s.length()) {
            char first = s.charAt(pos);
            if (!(first == '.' || isDigit(first))) {
                throw invalid(text, "a number with a unit, e.g. 10s or 1m30s");
            }
            int start = pos;
            long whole = 0;
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                if (Long.compareUnsigned(whole, Long.divideUnsigned(LIMIT, 10)) > 0) {
                    throw invalid(text, "a duration within ±292 years");
                }
                whole = whole * 10 + (s.charAt(pos) - '0');
                if (Long.compareUnsigned(whole, LIMIT) > 0) {
                    throw invalid(text, "a duration within ±292 years");
                }
                pos++;
            }
            boolean hasWhole = pos != start;
            long fraction = 0;
            double scale = 1;
            boolean hasFraction = false;
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                int fractionStart = pos;
                boolean overflow = false;
                while (pos < s.length() && isDigit(s.charAt(pos))) {
                    if (!overflow) {
                        if (fraction > Long.MAX_VALUE / 10) {
                            overflow = true;
                        } else {
                            long next = fraction * 10 + (s.charAt(pos) - '0');
                            if (next < 0) {
                                overflow = true;
                            } else {
                                fraction = next;
                                scale *= 10;
                            }
                        }
                    }
                    pos++;
                }
                hasFraction = pos != fractionStart;
            }
            if (!hasWhole && !hasFraction) {
                throw invalid(text, "digits before the unit");
            }
            int unitStart = pos;
            while (pos < s.length() && s.charAt(pos) != '.' && !isDigit(s.charAt(pos))) {
                pos++;
            }
            if (unitStart == pos) {
                throw invalid(text, "a unit after the number (ns, us, ms, s, m, h)");
            }
            String unitText = s.substring(unitStart, pos);
            Long unit = UNITS.get(unitText);
            if (unit == null) {
                throw invalid(text, "a known unit (ns, us, ms, s, m, h), not \"" + unitText + "\"");
            }
            if (Long.compareUnsigned(whole, Long.divideUnsigned(LIMIT, unit)) > 0) {
                throw invalid(text, "a duration within ±292 years");
            }
            long value = whole * unit;
            if (fraction > 0) {
                value += (long) (fraction * (unit / scale));
                if (Long.compareUnsigned(value, LIMIT) > 0) {
                    throw invalid(text, "a duration within ±292 years");
                }
            }
            if (Long.compareUnsigned(value, LIMIT - total) > 0) {
                throw invalid(text, "a duration within ±292 years");
            }
            total += value;
        }
        if (negative) {
            return -total;
        }
        if (total == LIMIT) {
            throw invalid(text, "a duration within ±292 years");
        }
        return total;
    }

    /** {@link #parseTraefik} as a {@link java.time.Duration}. */
    public static java.time.Duration parseDuration(String text) {
        return java.time.Duration.ofNanos(parseTraefik(text));
    }

    /** {@link #format(long)} of a {@link java.time.Duration} (saturating beyond Go's ±292 years). */
    public static String format(java.time.Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException overflow) {
            nanos = duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return format(nanos);
    }

    /** Go's {@code Duration.String()}. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        long u = negative ? -nanos : nanos;
        StringBuilder reversed = new StringBuilder();
        if (Long.compareUnsigned(u, SECOND) < 0) {
            int precision;
            String unit;
            if (u < MICROSECOND) {
                return (negative ? "-" : "") + u + "ns";
            } else if (u < MILLISECOND) {
                precision = 3;
                unit = "\u00b5s";
            } else {
                precision = 6;
                unit = "ms";
            }
            reversed.append(new StringBuilder(unit).reverse());
            u = appendFraction(reversed, u, precision);
            appendInt(reversed, u);
        } else {
            reversed.append('s');
            u = appendFraction(reversed, u, 9);
            appendInt(reversed, Long.remainderUnsigned(u, 60));
            u = Long.divideUnsigned(u, 60);
            if (u > 0) {
                reversed.append('m');
                appendInt(reversed, u % 60);
                u /= 60;
                if (u > 0) {
                    reversed.append('h');
                    appendInt(reversed, u);
                }
            }
        }
        if (negative) {
            reversed.append('-');
        }
        return reversed.reverse().toString();
    }

    /** Appends (reversed) the lowest {@code precision} digits as a fraction without trailing zeros. */
    private static long appendFraction(StringBuilder reversed, long value, int precision) {
        boolean printed = false;
        long v = value;
        for (int i = 0; i < precision; i++) {
            long digit = Long.remainderUnsigned(v, 10);
            printed = printed || digit != 0;
            if (printed) {
                reversed.append((char) ('0' + digit));
            }
            v = Long.divideUnsigned(v, 10);
        }
        if (printed) {
            reversed.append('.');
        }
        return v;
    }

    private static void appendInt(StringBuilder reversed, long value) {
        reversed.append(new StringBuilder(Long.toUnsignedString(value)).reverse());
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException invalid(String text, String expected) {
        return new IllegalArgumentException("duration \"" + text + "\" (expected: " + expected + ")");
    }
}
