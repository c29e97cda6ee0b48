package io.kvroute.proxy.balancer;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe, mutable {@link UsabilityView}: a health source {@linkplain #set sets} usabilities, the dashboard
 * {@linkplain #drain drains} servers. One board lives for the whole process, across snapshots, so its state
 * survives configuration changes; servers that disappear from the configuration can be {@linkplain #forget
 * forgotten}.
 */
public final class UsabilityBoard implements UsabilityView {
    private final Map<ServerKey, ServerUsability> states = new ConcurrentHashMap<>();
    private final Set<ServerKey> drained = ConcurrentHashMap.newKeySet();

    @Override
    public ServerUsability usability(ServerKey server) {
        return states.getOrDefault(server, ServerUsability.UP);
    }

    @Override
    public boolean isDrained(ServerKey server) {
        return drained.contains(server);
    }

    /** Records the server's usability; returns the previous one ({@link ServerUsability#UP} if unknown). */
    public ServerUsability set(ServerKey server, ServerUsability usability) {
        requireNonNull(server, "server");
        requireNonNull(usability, "usability");
        ServerUsability previous = states.put(server, usability);
        return previous == null ? ServerUsability.UP : previous;
    }

    /** Takes the server out of rotation until {@link #undrain}; returns false if it already was drained. */
    public boolean drain(ServerKey server) {
        return drained.add(requireNonNull(server, "server"));
    }

    /** Returns the server to rotation; returns false if it was not drained. */
    public boolean undrain(ServerKey server) {
        return drained.remove(requireNonNull(server, "server"));
    }

    /** Drops all state about the server. */
    public void forget(ServerKey server) {
        states.remove(server);
        drained.remove(server);
    }

    /** The servers an operator drained, as a copy. */
    public Set<ServerKey> drainedServers() {
        return Set.copyOf(drained);
    }
}
