package io.kvroute.proxy.accesslog;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.Range;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which requests are logged, as Traefik's {@code --accesslog.filters.statuscodes} (codes and ranges such as
 * {@code 200,300-302,500-599}), {@code .retryattempts} and {@code .minduration}: with none set every request is;
 * otherwise a request is logged when it meets any of them (its status in a range, at least one retry, or a duration
 * above the minimum).
 */
public record AccessLogFilters(List<Range<Integer>> statusCodes, boolean retryAttempts, Duration minDuration) {
    /** Every request is logged. */
    public static final AccessLogFilters NONE = new AccessLogFilters(List.of(), false, Duration.ZERO);

    public AccessLogFilters {
        statusCodes = List.copyOf(statusCodes);
        requireNonNull(minDuration, "minDuration");
        if (minDuration.isNegative()) {
            throw new IllegalArgumentException("--accesslog.filters.minduration: " + minDuration + " (expected >= 0)");
        }
    }

    /**
     * Traefik's status code list: comma-separated codes or {@code FROM-TO} ranges.
     *
     * @throws IllegalArgumentException naming the flag and the item that is not a code or range
     */
    public static List<Range<Integer>> statusCodes(String value) {
        List<Range<Integer>> ranges = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String[] bounds = item.trim().split("-", -1);
            try {
                int from = Integer.parseInt(bounds[0].trim());
                int to = bounds.length == 2 ? Integer.parseInt(bounds[1].trim()) : from;
                if (bounds.length > 2 || from > to) {
                    throw new NumberFormatException(item);
                }
                ranges.add(Range.closed(from, to));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--accesslog.filters.statuscodes=" + value + ": \"" + item.trim()
                        + "\" is not a status code or range (expected e.g. 404 or 500-599)", e);
            }
        }
        return ranges;
    }

    /** Whether a request that ended with {@code status} after {@code retries} retries and {@code nanos} is logged. */
    boolean keeps(int status, int retries, long nanos) {
        if (statusCodes.isEmpty() && !retryAttempts && minDuration.isZero()) {
            return true;
        }
        return statusCodes.stream().anyMatch(range -> range.contains(status))
                || retryAttempts && retries > 0
                || !minDuration.isZero() && nanos > minDuration.toNanos();
    }
}
