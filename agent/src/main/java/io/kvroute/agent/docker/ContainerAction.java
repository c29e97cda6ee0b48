package io.kvroute.agent.docker;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The Docker events kvroute reacts to, with the action text Docker sends for each. */
public enum ContainerAction {
    START("start"),
    /** The process ended, by stop, kill or crash: the one reliable "gone" event. */
    DIE("die"),
    /** Docker sends {@code health_status: healthy} (or {@code unhealthy}, {@code starting}). */
    HEALTH_STATUS("health_status"),
    /** A signal was sent; precedes {@code die} on stop and kill, so servers can be drained. */
    KILL("kill"),
    STOP("stop"),
    DESTROY("destroy"),
    /** A network event: the container was connected to a network. */
    NETWORK_CONNECT("connect"),
    /** A network event: the container was disconnected from a network. */
    NETWORK_DISCONNECT("disconnect");

    /** Every Docker action name, for the engine-side event filter. */
    public static final List<String> DOCKER_NAMES = Arrays.stream(values()).map(ContainerAction::dockerName).toList();

    private final String dockerName;

    ContainerAction(String dockerName) {
        this.dockerName = dockerName;
    }

    /** The action's name in Docker's event stream. */
    public String dockerName() {
        return dockerName;
    }

    /**
     * Maps a Docker action ({@code die}, {@code health_status: healthy}) to a known action; empty for actions
     * kvroute ignores ({@code exec_start: ...}, {@code create}, ...).
     */
    public static Optional<ContainerAction> fromDocker(String action) {
        requireNonNull(action, "action");
        int colon = action.indexOf(':');
        String name = (colon < 0 ? action : action.substring(0, colon)).trim();
        return Arrays.stream(values()).filter(known -> known.dockerName.equals(name)).findFirst();
    }
}
