package io.kvroute.agent.testing;

import static java.util.Objects.requireNonNull;

/** A container the {@link DockerdExtension} started: its full id, its name, and the loopback port it serves. */
public record RunningContainer(String id, String name, int port) {
    public RunningContainer {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
    }
}
