package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.docker.ContainerAction;
import io.kvroute.agent.docker.ContainerEvent;
import io.kvroute.agent.docker.ContainerInfo;
import io.kvroute.agent.services.StaticService;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the agent currently knows about its sources: the running containers (by id, as last inspected), the ones
 * being drained (a {@code kill} or {@code stop} was seen, {@code die} not yet), and the services file's last good
 * services. Mutable and confined to the agent's own thread; desired states are computed from it from scratch.
 */
final class KnownSources {
    /** Signals that ask a process to reload or report rather than end ({@code docker kill -s HUP}): no drain. */
    private static final Set<String> NON_TERMINATING_SIGNALS = Set.of("1", "10", "12", "28", "HUP", "SIGHUP",
            "USR1", "SIGUSR1", "USR2", "SIGUSR2", "WINCH", "SIGWINCH");

    private final Map<String, ContainerInfo> containers = new LinkedHashMap<>();
    private final Set<String> draining = new TreeSet<>();
    private List<StaticService> services = List.of();

    /** A fresh listing after (re)connecting: everything not in it is gone. */
    void replaceContainers(List<ContainerInfo> running) {
        containers.clear();
        running.forEach(container -> containers.put(container.id(), container));
        draining.retainAll(containers.keySet());
    }

    /**
     * True when {@code event} announces the end of a known, running container's process ({@code stop}, or
     * {@code kill} with a terminating signal): its servers are drained until it dies or starts again.
     */
    boolean startsDrain(ContainerEvent event) {
        boolean ending = event.action() == ContainerAction.STOP
                || event.action() == ContainerAction.KILL && !NON_TERMINATING_SIGNALS.contains(signal(event));
        return ending && containers.containsKey(event.containerId()) && draining.add(event.containerId());
    }

    /**
     * Takes what re-inspecting the container of {@code event} found: empty or not running means gone; a (re)start
     * ends a drain.
     */
    void inspected(ContainerEvent event, Optional<ContainerInfo> inspected) {
        String id = event.containerId();
        if (inspected.isEmpty() || !inspected.get().running()) {
            containers.remove(id);
            draining.remove(id);
            return;
        }
        containers.put(id, inspected.get());
        if (event.action() == ContainerAction.START) {
            draining.remove(id);
        }
    }

    void replaceServices(List<StaticService> latest) {
        services = List.copyOf(requireNonNull(latest, "latest"));
    }

    Collection<ContainerInfo> containers() {
        return List.copyOf(containers.values());
    }

    /** The ids of containers being drained. */
    Set<String> draining() {
        return Set.copyOf(draining);
    }

    List<StaticService> services() {
        return services;
    }

    /** The container's name for logs, or its id when unknown. */
    String nameOf(ContainerEvent event) {
        ContainerInfo known = containers.get(event.containerId());
        return known != null ? known.name() : event.name().isEmpty() ? event.containerId() : event.name();
    }

    private static String signal(ContainerEvent event) {
        return event.detail().replaceFirst("^signal ", "").trim().toUpperCase(java.util.Locale.ROOT);
    }
}
