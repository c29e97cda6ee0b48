package io.kvroute.kv.layout.keys;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where each agent keeps its status, in kvroute's own prefix beside the ACME state ({@code kvroute/acme/}):
 * {@code kvroute/agents/<node>}, one key per agent node, bound to that agent's lease. The proxy watches
 * {@link #PREFIX} and reads a key back to its node with {@link #node}.
 */
public final class AgentStatusKeys {
    /** The prefix of every agent's status key. */
    public static final String PREFIX = "kvroute/agents/";

    private AgentStatusKeys() {
    }

    /** The status key of agent node {@code node}. */
    public static String key(String node) {
        requireNonNull(node, "node");
        if (node.isEmpty() || node.contains("/")) {
            throw new IllegalArgumentException("agent node \"" + node + "\" (expected: a non-empty name without /)");
        }
        return PREFIX + node;
    }

    /** The node whose status key {@code key} is; empty when it is no such key (outside the prefix, or deeper). */
    public static Optional<String> node(String key) {
        if (!key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String node = key.substring(PREFIX.length());
        return node.isEmpty() || node.contains("/") ? Optional.empty() : Optional.of(node);
    }
}
