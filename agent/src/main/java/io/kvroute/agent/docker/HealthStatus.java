package io.kvroute.agent.docker;

import java.util.Locale;

/** A container's Docker HEALTHCHECK state; {@link #NONE} when the container has no health check. */
public enum HealthStatus {
    NONE,
    STARTING,
    HEALTHY,
    UNHEALTHY;

    /** Maps Docker's {@code State.Health.Status} (null or empty when the container has no health check). */
    public static HealthStatus fromDocker(String status) {
        if (status == null || status.isBlank()) {
            return NONE;
        }
        return switch (status.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "starting" -> STARTING;
            case "healthy" -> HEALTHY;
            case "unhealthy" -> UNHEALTHY;
            default -> throw new IllegalArgumentException(
                    "health status: " + status + " (expected: none, starting, healthy or unhealthy)");
        };
    }
}
