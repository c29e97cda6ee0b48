package io.kvroute.proxy.health;

import io.kvroute.proxy.balancer.ServerKey;

/**
 * What the proxy tells passive health about its requests to servers, and what it asks: a failed connect ejects a server
 * at once (with its service's {@link PassiveCheck}, enough failed attempts within its window do), a request whose
 * response headers did not come in time counts towards {@link HealthSettings#timeoutsToEject()} timeouts in a row, and
 * any answer resets that count. Every method is safe and cheap on an I/O thread; {@link HealthChecker} implements it.
 */
public interface PassiveHealth {
    /** The proxy could not reach {@code server} (refused or timed-out connect): eject it. */
    void reportFailure(ServerKey server, String reason);

    /** {@code server} did not send response headers in time: eject it after enough timeouts in a row. */
    void reportTimeout(ServerKey server, String reason);

    /** {@code server} answered a request: its timeouts in a row and its ejection streak start over. */
    void reportSuccess(ServerKey server);

    /**
     * {@code server} answered with {@code status} 500 or more: a failed attempt for a service with a
     * {@link PassiveCheck}; by default, and for other services, an answer like any other.
     */
    default void reportServerError(ServerKey server, int status) {
        reportSuccess(server);
    }

    /**
     * {@code server} answered with {@code status}: {@link #reportServerError} for 500 or more, else
     * {@link #reportSuccess} (Traefik's passive check looks at the status whoever made the request).
     */
    default void reportAnswer(ServerKey server, int status) {
        if (status >= 500) {
            reportServerError(server, status);
        } else {
            reportSuccess(server);
        }
    }

    /** True if {@code server} is DOWN or ejected now (an operator drain does not count: it lets requests finish). */
    boolean isFailing(ServerKey server);
}
