package io.kvroute.agent.docker;

import java.util.List;

/**
 * Receives what a {@link DockerWatch} learns. Calls are never concurrent and arrive in order; an exception thrown
 * here is logged and does not stop the watch. Calls run on the watch's threads: hand long work elsewhere.
 */
public interface DockerListener {
    /**
     * The full set of running containers, after each (re)connection. Everything not in it is gone; events that
     * follow may repeat changes the list already shows.
     */
    void containersListed(List<ContainerInfo> running);

    /** One container changed; re-inspect it (or drain it first for kill and stop). */
    void containerChanged(ContainerEvent event);

    /**
     * The connection to the engine went up or down; called once per transition.
     *
     * @param connected true once listing and the event subscription work, false when they broke
     * @param detail    the API version talked when connected, the reason when disconnected
     */
    default void connectionChanged(boolean connected, String detail) {
    }
}
