package io.kvroute.kv.testing.consul;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go duration strings as Consul's API takes them ({@code "10s"}, {@code "1m30s"}, {@code "500ms"}). */
final class GoDuration {
    private static final Pattern WHOLE = Pattern.compile("(\\d+(ns|us|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ns|us|ms|s|m|h)");

    private GoDuration() {
    }

    static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(text).matches()) {
            throw new ConsulApiError(400, "time: invalid duration \"" + text + "\"");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ns" -> Duration.ofNanos(amount);
                case "us" -> Duration.ofNanos(amount * 1_000);
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
        }
        return total;
    }
}
