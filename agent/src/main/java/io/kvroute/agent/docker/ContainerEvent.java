package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * "Container {@code containerId} changed": one Docker event, reduced to what the agent needs to re-inspect the
 * container and, for {@link ContainerAction#KILL}/{@link ContainerAction#STOP}, to drain it first.
 *
 * @param containerId the container's full id
 * @param name        the container's name without leading slash ("" when Docker did not send it)
 * @param action      what happened
 * @param detail      Docker's extra text: the health status for {@code health_status}, the signal for
 *                    {@code kill}, the exit code for {@code die}, the network name for connect/disconnect; or ""
 * @param time        when Docker recorded the event
 */
public record ContainerEvent(String containerId, String name, ContainerAction action, String detail, Instant time) {
    public ContainerEvent {
        requireNonNull(containerId, "containerId");
        if (containerId.isBlank()) {
            throw new IllegalArgumentException("containerId: \"\" (expected: a container id)");
        }
        requireNonNull(name, "name");
        requireNonNull(action, "action");
        requireNonNull(detail, "detail");
        requireNonNull(time, "time");
    }

    @Override
    public String toString() {
        String who = name.isEmpty() ? containerId : name;
        return "container " + who + " changed (" + action.dockerName() + (detail.isEmpty() ? "" : " " + detail) + ")";
    }
}
