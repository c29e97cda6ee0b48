package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvPair;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything one agent wants in the store, recomputed from scratch on every reconcile (level-triggered).
 *
 * <ul>
 *   <li>{@code servers}: keys this agent alone owns, one group per server, each group written in one transaction
 *       and bound to the agent's lease;</li>
 *   <li>{@code shared}: router and service-level keys that every agent serving the service writes byte-identically
 *       (also bound to the writer's lease; taken over by the agents still serving the service when another one
 *       stops serving it, re-asserted when another agent's expiry deletes them).</li>
 * </ul>
 */
public record DesiredState(List<ServerRegistration> servers, List<KvPair> shared) {
    public DesiredState {
        servers = List.copyOf(requireNonNull(servers, "servers"));
        shared = List.copyOf(requireNonNull(shared, "shared"));
        Set<String> keys = new HashSet<>();
        for (ServerRegistration server : servers) {
            for (KvPair pair : server.pairs()) {
                if (!keys.add(pair.key())) {
                    throw new IllegalArgumentException("key " + pair.key() + ": desired twice (expected: once)");
                }
            }
        }
        for (KvPair pair : shared) {
            if (!keys.add(pair.key())) {
                throw new IllegalArgumentException("key " + pair.key() + ": desired twice (expected: once)");
            }
        }
    }

    public static DesiredState empty() {
        return new DesiredState(List.of(), List.of());
    }
}
