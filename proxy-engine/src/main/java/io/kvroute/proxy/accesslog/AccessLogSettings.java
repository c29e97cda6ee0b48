package io.kvroute.proxy.accesslog;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An access log as Traefik's {@code --accesslog.*} flags configure it.
 *
 * @param format        the line format
 * @param filePath      the file lines are appended to (created with its directories); empty: standard output
 * @param fields        which fields and headers the lines carry
 * @param filters       which requests are logged
 * @param bufferingSize how many lines may wait for the writer thread; a line that finds them all taken is dropped
 *                      and counted, never waited for on an I/O thread (Traefik's 0, which writes on the request's
 *                      own goroutine, means {@link #DEFAULT_BUFFER} here)
 */
public record AccessLogSettings(AccessLogFormat format, Optional<Path> filePath, AccessLogFields fields,
        AccessLogFilters filters, int bufferingSize) {
    /** Lines waiting for the writer when {@code --accesslog.bufferingsize} is 0 or not given. */
    public static final int DEFAULT_BUFFER = 1024;

    public AccessLogSettings {
        requireNonNull(format, "format");
        requireNonNull(filePath, "filePath");
        requireNonNull(fields, "fields");
        requireNonNull(filters, "filters");
        if (bufferingSize < 0) {
            throw new IllegalArgumentException("--accesslog.bufferingsize=" + bufferingSize + " (expected >= 0)");
        }
    }

    /** Traefik's {@code --accesslog} alone: common format on standard output, Traefik's default fields. */
    public static AccessLogSettings defaults() {
        return new AccessLogSettings(AccessLogFormat.COMMON, Optional.empty(), AccessLogFields.DEFAULT,
                AccessLogFilters.NONE, 0);
    }

    /** How many lines may wait for the writer. */
    int capacity() {
        return bufferingSize > 0 ? bufferingSize : DEFAULT_BUFFER;
    }
}
