package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.middleware.HttpCodeRanges;

/**
 * Traefik's {@code errors} of a failover service: an answer of the main service whose status is in {@code statuses}
 * is not passed on, and the request goes to the fallback instead, its body sent again. The body is read whole first,
 * for every method; one longer than {@code maxRequestBodyBytes} (negative: any length, Traefik's default) is answered
 * 413.
 */
public record FailoverErrors(HttpCodeRanges statuses, long maxRequestBodyBytes) {
    public FailoverErrors {
        requireNonNull(statuses, "statuses");
    }

    /** Whether an answer of the main service with {@code status} sends the request to the fallback. */
    public boolean fallsBack(int status) {
        return statuses.contains(status);
    }

    /** Whether a request body of {@code length} bytes is longer than the failover reads. */
    public boolean tooLong(long length) {
        return maxRequestBodyBytes >= 0 && length > maxRequestBodyBytes;
    }
}
