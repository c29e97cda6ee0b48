package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.keys.AgentStatusKeys;
import io.kvroute.kv.status.AgentProblem;
import io.kvroute.kv.status.AgentStatus;
import io.kvroute.kv.status.AgentStatusJson;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.Lease;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * This agent's status key ({@link AgentStatusKeys}): node, version, lease TTL and id, the keys it holds and its
 * problems, put on the agent's lease (so it goes when the agent dies) and put again only when that content changed
 * (a new lease, other keys, other problems), not at every pass: 50 agents in sync cost the store nothing for it.
 * Confined to the registrar's reconcile thread.
 */
final class StatusKey {
    private final String key;
    private final String node;
    private final String version;
    private final Clock clock;
    /** The status last put, on the lease it names; null before the first put. */
    private AgentStatus written;

    StatusKey(String node, Clock clock) {
        this.key = AgentStatusKeys.key(node);
        this.node = node;
        this.version = Optional.ofNullable(StatusKey.class.getPackage().getImplementationVersion()).orElse("dev");
        this.clock = requireNonNull(clock, "clock");
    }

    /** The key. */
    String key() {
        return key;
    }

    /**
     * Puts the status of {@code lease} with {@code keys} and {@code problems} unless the one last put says the same;
     * store failures leave as {@link io.kvroute.kv.store.KvStoreException}.
     */
    void write(TimedStore store, Lease lease, int keys, List<AgentProblem> problems) {
        AgentStatus status = new AgentStatus(node, version, lease.ttl().toSeconds(), lease.id(), keys, problems,
                clock.instant());
        if (status.sameContentAs(written)) {
            return;
        }
        store.commit(KvTransaction.builder().put(key, AgentStatusJson.write(status), lease).build());
        written = status;
    }
}
