package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.keys.AgentStatusKeys;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.Severity;
import io.kvroute.kv.rule.RuleSyntax;
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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the agents' status keys ({@link AgentStatusKeys#PREFIX}) and keeps what they say, read whole at each
 * change: each agent's {@link AgentStatus}, and as configuration problems each agent's own problems (named after the
 * agent) and each status key that does not read (one problem line per key, never a failure). A key is on its agent's
 * lease, so an agent that died drops out here when its lease ends. An agent that says it writes the v2 layout to a
 * proxy of the v3 layout, or the other way round, is a problem (logged once per agent and layout): its rules without
 * {@code ruleSyntax} are read here in the other syntax, where some are refused or match other requests.
 */
final class AgentStatusWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentStatusWatch.class);
    /** How much of an unreadable status key's value a problem shows. */
    private static final int SHOWN_VALUE_CHARS = 200;

    private final AtomicReference<AgentStatuses> current = new AtomicReference<>(AgentStatuses.NONE);
    /** The {@code node layout} pairs whose mismatch was logged; touched only by the watcher's callbacks. */
    private final Set<String> loggedMismatches = ConcurrentHashMap.newKeySet();
    private final PrefixWatcher watcher;

    private AgentStatusWatch(KvStore store, RuleSyntax layoutSyntax) {
        requireNonNull(layoutSyntax, "layoutSyntax");
        this.watcher = PrefixWatcher.start(requireNonNull(store, "store"), AgentStatusKeys.PREFIX,
                new PrefixWatcher.Listener() {
                    @Override
                    public void snapshot(KvSnapshot snapshot) {
                        AgentStatuses statuses = read(snapshot.pairs(), layoutSyntax);
                        statuses.layoutMismatches().forEach((node, reason) -> {
                            if (loggedMismatches.add(node + " " + statuses.byNode().get(node).layout())) {
                                LOG.warn("agent {}: {}", node, reason);
                            }
                        });
                        current.set(statuses);
                    }

                    @Override
                    public void status(StoreStatus status) {
                        // The configuration's watch reports the store's availability; the statuses stay as last read.
                    }
                });
    }

    /**
     * Starts watching the status keys of {@code store} for a proxy whose routers without {@code ruleSyntax} are in
     * {@code layoutSyntax} ({@code --layout}).
     */
    static AgentStatusWatch start(KvStore store, RuleSyntax layoutSyntax) {
        return new AgentStatusWatch(store, layoutSyntax);
    }

    /** What the status keys say now. */
    AgentStatuses statuses() {
        return current.get();
    }

    /**
     * Each status key's agent status, or a problem naming the key when it does not read; an agent of the v2 or v3
     * layout other than {@code layoutSyntax}'s is a problem naming its key.
     */
    static AgentStatuses read(List<KvPair> pairs, RuleSyntax layoutSyntax) {
        SortedMap<String, AgentStatus> statuses = new TreeMap<>();
        List<Problem> problems = new ArrayList<>();
        SortedMap<String, String> mismatches = new TreeMap<>();
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
                layoutMismatch(status.layout(), layoutSyntax).ifPresent(reason -> {
                    mismatches.put(node.get(), reason);
                    problems.add(new Problem(pair.key(), status.layout(), Severity.ERROR,
                            "agent " + node.get() + ": " + reason, Optional.empty()));
                });
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
        return new AgentStatuses(statuses, problems, mismatches);
    }

    /** Why an agent of {@code agentLayout} writes rules this proxy reads otherwise, if it does. */
    private static Optional<String> layoutMismatch(String agentLayout, RuleSyntax layoutSyntax) {
        String own = layoutSyntax.name().toLowerCase(Locale.ROOT);
        if (!agentLayout.equals("v2") && !agentLayout.equals("v3") || agentLayout.equals(own)) {
            return Optional.empty();
        }
        return Optional.of("writes the " + agentLayout + " layout (its rules without ruleSyntax in Traefik "
                + agentLayout + " syntax) but this proxy reads --layout=" + own + ": such rules are refused or match "
                + "other requests here (expected: the same --layout on agents and proxies)");
    }

    @Override
    public void close() {
        watcher.close();
    }
}
