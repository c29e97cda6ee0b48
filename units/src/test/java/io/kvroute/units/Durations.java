package io.kvroute.units;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Single-unit durations as systemd ({@code 30s}, {@code 2min}) and kvroute ({@code 5s}, {@code 500ms}) write them. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|sec|m|min|h)?");

    private Durations() {
    }

    /**
     * Parses {@code text}; a bare number means seconds.
     *
     * @throws IllegalArgumentException naming the text when it is not one number with one unit
     */
    static Duration parse(String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("duration: '" + text + "' (expected: a number with ms, s, m or min)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s", "sec" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalStateException("unit " + unit);
        };
    }
}
