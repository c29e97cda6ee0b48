package io.kvroute.kv.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go duration text as Traefik writes and reads it: {@code 1s}, {@code 100ms}, {@code 1m30s}, {@code 1h0m0s}.
 * Parsing follows Go's {@code time.ParseDuration} and, like Traefik's {@code ptypes.Duration}, also accepts a bare
 * integer as seconds; formatting reproduces Go's {@code Duration.String()} exactly.
 */
final class GoDuration {
    private static final Pattern COMPONENT = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");
    private static final Pattern BARE_SECONDS = Pattern.compile("[0-9]+");
    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** Parses Go duration text; throws {@link IllegalArgumentException} naming the text and the expected form. */
    static Duration parse(String text) {
        if (BARE_SECONDS.matcher(text).matches()) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        String rest = text;
        boolean negative = false;
        if (rest.startsWith("-") || rest.startsWith("+")) {
            negative = rest.startsWith("-");
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return Duration.ZERO;
        }
        if (rest.isEmpty()) {
            throw invalid(text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher matcher = COMPONENT.matcher(rest);
        int position = 0;
        while (position < rest.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw invalid(text);
            }
            String number = matcher.group(1);
            if (number.isEmpty() || number.equals(".")) {
                throw invalid(text);
            }
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(UNIT_NANOS.get(matcher.group(2)))));
            position = matcher.end();
        }
        BigInteger whole = nanos.toBigInteger();
        if (whole.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("duration: \"" + text + "\" (expected: at most 2562047h47m16.854775807s)");
        }
        long value = whole.longValueExact();
        return Duration.ofNanos(negative ? -value : value);
    }

    /** Formats like Go's {@code Duration.String()}; durations beyond Go's int64 nanoseconds are rejected. */
    static String format(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: within +-292 years)", e);
        }
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        BigInteger magnitude = BigInteger.valueOf(nanos).abs();
        long abs = magnitude.compareTo(MAX_NANOS) > 0 ? Long.MAX_VALUE : magnitude.longValueExact();
        if (abs < 1_000L) {
            return sign + abs + "ns";
        }
        if (abs < 1_000_000L) {
            return sign + withFraction(abs, 1_000L) + "\u00b5s";
        }
        if (abs < 1_000_000_000L) {
            return sign + withFraction(abs, 1_000_000L) + "ms";
        }
        long totalSeconds = abs / 1_000_000_000L;
        String seconds = withFraction(totalSeconds % 60 * 1_000_000_000L + abs % 1_000_000_000L, 1_000_000_000L) + "s";
        long totalMinutes = totalSeconds / 60;
        if (totalMinutes == 0) {
            return sign + seconds;
        }
        long hours = totalMinutes / 60;
        String minutesAndSeconds = (totalMinutes % 60) + "m" + seconds;
        return sign + (hours == 0 ? minutesAndSeconds : hours + "h" + minutesAndSeconds);
    }

    private static String withFraction(long value, long unit) {
        long whole = value / unit;
        long fraction = value % unit;
        if (fraction == 0) {
            return Long.toString(whole);
        }
        int digits = Long.toString(unit).length() - 1;
        String padded = String.format("%0" + digits + "d", fraction);
        int end = padded.length();
        while (padded.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + padded.substring(0, end);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(
                "duration: \"" + text + "\" (expected: Go duration such as 1s, 100ms, 1m30s, or whole seconds)");
    }
}
