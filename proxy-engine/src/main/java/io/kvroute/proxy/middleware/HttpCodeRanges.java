package io.kvroute.proxy.middleware;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * Traefik's status code ranges ({@code types.HTTPCodeRanges}): each entry a code ({@code 404}) or an inclusive range
 * ({@code 500-599}); a third part after another dash is ignored, as Traefik ignores it. The retry and errors
 * middlewares and failover's {@code errors} read them.
 */
public record HttpCodeRanges(List<Range> ranges) {
    /** From {@code low} to {@code high}, both included. */
    public record Range(long low, long high) {
    }

    public HttpCodeRanges {
        ranges = ImmutableList.copyOf(ranges);
    }

    /** The ranges of {@code entries}, or empty when one is not a code or range of codes. */
    public static Optional<HttpCodeRanges> parse(List<String> entries) {
        ImmutableList.Builder<Range> ranges = ImmutableList.builder();
        for (String entry : entries) {
            String[] codes = entry.split("-", -1);
            Optional<Long> low = goAtoi(codes[0]);
            Optional<Long> high = goAtoi(codes.length == 1 ? codes[0] : codes[1]);
            if (low.isEmpty() || high.isEmpty()) {
                return Optional.empty();
            }
            ranges.add(new Range(low.get(), high.get()));
        }
        return Optional.of(new HttpCodeRanges(ranges.build()));
    }

    public boolean contains(int status) {
        for (Range range : ranges) {
            if (status >= range.low() && status <= range.high()) {
                return true;
            }
        }
        return false;
    }

    /** Go's {@code strconv.Atoi}: an optional sign and decimal digits. */
    private static Optional<Long> goAtoi(String text) {
        if (!text.matches("[+-]?[0-9]{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }
}
