package io.kvroute.agent.docker;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;
import com.github.dockerjava.api.model.EventType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Translates docker-java's events into {@link ContainerEvent}s, dropping the ones kvroute does not watch. */
final class DockerEvents {
    private DockerEvents() {
    }

    static Optional<ContainerEvent> translate(Event event) {
        Optional<ContainerAction> action = ContainerAction.fromDocker(Objects.requireNonNullElse(event.getAction(), ""));
        EventActor actor = event.getActor();
        if (action.isEmpty() || actor == null) {
            return Optional.empty();
        }
        Map<String, String> attributes = Objects.requireNonNullElse(actor.getAttributes(), Map.of());
        boolean networkAction = action.get() == ContainerAction.NETWORK_CONNECT
                || action.get() == ContainerAction.NETWORK_DISCONNECT;
        if (event.getType() == EventType.NETWORK && networkAction) {
            String container = attributes.getOrDefault("container", "");
            String network = attributes.getOrDefault("name", "");
            return container.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new ContainerEvent(container, "", action.get(), "network " + network, time(event)));
        }
        if (event.getType() != EventType.CONTAINER || networkAction || actor.getId() == null || actor.getId().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ContainerEvent(actor.getId(), attributes.getOrDefault("name", ""), action.get(),
                detail(action.get(), event.getAction(), attributes), time(event)));
    }

    /** Docker's {@code since} parameter for an instant: {@code seconds.nanoseconds}. */
    static String since(Instant instant) {
        return String.format("%d.%09d", instant.getEpochSecond(), instant.getNano());
    }

    private static String detail(ContainerAction action, String dockerAction, Map<String, String> attributes) {
        return switch (action) {
            case HEALTH_STATUS -> {
                int colon = dockerAction.indexOf(':');
                yield colon < 0 ? "" : dockerAction.substring(colon + 1).trim();
            }
            case KILL -> attributes.containsKey("signal") ? "signal " + attributes.get("signal") : "";
            case DIE -> attributes.containsKey("exitCode") ? "exit code " + attributes.get("exitCode") : "";
            default -> "";
        };
    }

    private static Instant time(Event event) {
        if (event.getTimeNano() != null) {
            long nanos = event.getTimeNano();
            return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
        }
        if (event.getTime() != null) {
            return Instant.ofEpochSecond(event.getTime());
        }
        return Instant.now();
    }
}
