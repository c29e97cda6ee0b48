package io.kvroute.kv.model;

/**
 * A v2/v3 router's {@code priority} (HTTP and TCP) as Traefik reads it: a Go {@code int}, 64-bit, 0 when absent
 * (the rule's length applies then). Like Traefik's router managers, a priority above {@link #MAX_USER_PRIORITY}
 * (the top 1000 values are reserved for Traefik's internal routers) is an error on the router, which is then left out.
 */
final class RouterPriority {
    /** Traefik's {@code maxUserPriority}: {@code math.MaxInt - 1000} on a 64-bit host. */
    static final long MAX_USER_PRIORITY = Long.MAX_VALUE - 1000;

    private RouterPriority() {
    }

    static long read(FieldReader router) {
        long priority = router.int64("priority").orElse(0);
        if (priority > MAX_USER_PRIORITY) {
            router.error("priority", Long.toString(priority), "the router priority " + priority
                    + " exceeds the max user-defined priority " + MAX_USER_PRIORITY);
        }
        return priority;
    }
}
