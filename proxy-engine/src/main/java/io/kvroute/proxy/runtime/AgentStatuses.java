package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Problem;
import io.kvroute.kv.status.AgentStatus;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the agents' status keys say: each agent's status by node, the problems to show with the configuration's
 * (each agent's own, named after it, each status key that does not read, each agent whose layout is not this
 * proxy's), and by node why an agent's layout is not this proxy's.
 */
public record AgentStatuses(SortedMap<String, AgentStatus> byNode, List<Problem> problems,
        SortedMap<String, String> layoutMismatches) {
    /** No status key read (yet). */
    static final AgentStatuses NONE = new AgentStatuses(new TreeMap<>(), List.of(), new TreeMap<>());

    public AgentStatuses {
        byNode = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(byNode, "byNode")));
        problems = List.copyOf(requireNonNull(problems, "problems"));
        layoutMismatches = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(layoutMismatches,
                "layoutMismatches")));
    }
}
