package io.kvroute.kv.status;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What an agent says of itself in its status key ({@link io.kvroute.kv.layout.keys.AgentStatusKeys}), for proxies
 * that cannot see its lease or its problems otherwise.
 *
 * @param node            the agent's node name
 * @param version         the agent's version, from its build ({@code dev} when run from classes)
 * @param layout          the key layout it writes ({@code v3}, {@code v2} or {@code v1}; its v2/v3 rules without
 *                        {@code ruleSyntax} are in that syntax), empty when an older agent did not say
 * @param leaseTtlSeconds the TTL of the lease its keys are bound to
 * @param leaseId         that lease's id (etcd lease id in hex, Consul session id)
 * @param keys            the keys it holds on that lease (server keys and shared keys, this one not counted)
 * @param problems        what it refused or cannot do while carrying on; empty when nothing is wrong
 * @param writtenAt       when the agent wrote this status
 */
public record AgentStatus(String node, String version, String layout, long leaseTtlSeconds, String leaseId, int keys,
        List<AgentProblem> problems, Instant writtenAt) {
    public AgentStatus {
        requireNonNull(node, "node");
        requireNonNull(version, "version");
        requireNonNull(layout, "layout");
        requireNonNull(leaseId, "leaseId");
        problems = List.copyOf(requireNonNull(problems, "problems"));
        requireNonNull(writtenAt, "writtenAt");
    }

    /** True when {@code other} says the same but for when it was written: no reason to write it again. */
    public boolean sameContentAs(AgentStatus other) {
        return other != null && node.equals(other.node) && version.equals(other.version)
                && layout.equals(other.layout)
                && leaseTtlSeconds == other.leaseTtlSeconds && leaseId.equals(other.leaseId) && keys == other.keys
                && problems.equals(other.problems);
    }
}
