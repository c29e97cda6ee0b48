package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.keys.AgentStatusKeys;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Severity;
import io.kvroute.kv.status.AgentProblem;
import io.kvroute.kv.status.AgentStatus;
import io.kvroute.kv.status.AgentStatusJson;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.PrefixWatcher;
import io.kvroute.kv.store.StoreStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the agents' status keys ({@link AgentStatusKeys#PREFIX}) and keeps what they say, read whole at each
 * change: each agent's {@link AgentStatus}, and as configuration problems each agent's own problems (named after the
 * agent) and each status key that does not read (one problem line per key, never a failure). A key is on its agent's
 * lease, so an agent that died drops out here when its lease ends.
 */
final class AgentStatusWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentStatusWatch.class);
    /** How much of an unreadable status key's value a problem shows. */
    private static final int SHOWN_VALUE_CHARS = 200;

    private final AtomicReference<AgentStatuses> current = new AtomicReference<>(AgentStatuses.NONE);
    private final PrefixWatcher watcher;

    private AgentStatusWatch(KvStore store) {
        this.watcher = PrefixWatcher.start(requireNonNull(store, "store"), AgentStatusKeys.PREFIX,
                new PrefixWatcher.Listener() {
                    @Override
                    public void snapshot(KvSnapshot snapshot) {
                        current.set(read(snapshot.pairs()));
                    }

                    @Override
                    public void status(StoreStatus status) {
                        // The configuration's watch reports the store's availability; the statuses stay as last read.
                    }
                });
    }

    /** Starts watching the status keys of {@code store}. */
    static AgentStatusWatch start(KvStore store) {
        return new AgentStatusWatch(store);
    }

    /** What the status keys say now. */
    AgentStatuses statuses() {
        return current.get();
    }

    /** Each status key's agent status, or a problem naming the key when it does not read. */
    static AgentStatuses read(List<KvPair> pairs) {
        SortedMap<String, AgentStatus> statuses = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        for (KvPair pair : pairs) {
            Optional<String> node = AgentStatusKeys.node(pair.key());
            if (node.isEmpty()) {
                continue;
            }
            try {
                AgentStatus status = AgentStatusJson.read(pair.value());
                if (!status.node().equals(node.get())) {
                    throw new IllegalArgumentException("node: \"" + status.node() + "\" (expected: \"" + node.get()
                            + "\", as the key names it)");
                }
                statuses.put(node.get(), status);
                for (AgentProblem problem : status.problems()) {
                    problems.add(new Problem(problem.where(), "", Severity.ERROR,
                            "agent " + node.get() + ": " + problem.reason(), Optional.empty()));
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("status key {} does not read: {}", pair.key(), e.getMessage());
                String value = pair.value();
                problems.add(new Problem(pair.key(), value.length() > SHOWN_VALUE_CHARS
                        ? value.substring(0, SHOWN_VALUE_CHARS) + "..." : value, Severity.ERROR,
                        "agent " + node.get() + "'s status: " + e.getMessage(), Optional.empty()));
            }
        }
        return new AgentStatuses(statuses, problems);
    }

    @Override
    public void close() {
        watcher.close();
    }
}
