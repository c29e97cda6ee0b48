package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvStoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What could not be written and why, each logged once: writes the store refused as invalid (not retried while the
 * same content is desired) and shared-key conflicts (logged when they appear and when they end). Confined to the
 * reconcile thread.
 */
final class WriteProblems {
    private static final Logger LOG = LoggerFactory.getLogger(WriteProblems.class);

    private final String node;
    private final RegistrarListener listener;
    /** Target (server prefix or shared key) -> the refused content and the store's reason. */
    private final Map<String, Rejection> rejections = new TreeMap<>();
    /** Shared key -> its current conflict. */
    private Map<String, SharedKeyConflict> conflicts = new TreeMap<>();

    private record Rejection(Object content, String reason) {
    }

    WriteProblems(String node, RegistrarListener listener) {
        this.node = requireNonNull(node, "node");
        this.listener = requireNonNull(listener, "listener");
    }

    /** True when the store refused exactly this {@code content} for {@code target} before. */
    boolean stillRejected(String target, Object content) {
        Rejection rejection = rejections.get(target);
        return rejection != null && rejection.content().equals(content);
    }

    void rejected(String target, Object content, KvStoreException e, String what) {
        rejections.put(target, new Rejection(content, e.getMessage()));
        LOG.error("the store refused {}: {}; not retried until its desired keys change", what, e.getMessage());
    }

    void written(String target) {
        rejections.remove(target);
    }

    /** Forgets rejections of targets that are no longer desired. */
    void retainTargets(Set<String> desiredTargets) {
        rejections.keySet().retainAll(desiredTargets);
    }

    /** The conflicts found by the latest pass: new ones are logged and reported, ended ones logged. */
    void conflicts(List<SharedKeyConflict> found) {
        Map<String, SharedKeyConflict> current = new LinkedHashMap<>();
        for (SharedKeyConflict conflict : found) {
            current.put(conflict.key(), conflict);
            if (!conflict.equals(conflicts.get(conflict.key()))) {
                listener.conflictFound(conflict);
                LOG.warn("conflict on shared key {}: node {} wants \"{}\" but the store holds \"{}\" from another "
                        + "agent; not overwriting", conflict.key(), node, conflict.ours(), conflict.theirs());
            }
        }
        for (String key : conflicts.keySet()) {
            if (!current.containsKey(key)) {
                LOG.info("conflict on shared key {} is over", key);
            }
        }
        conflicts = new TreeMap<>(current);
    }

    List<SharedKeyConflict> conflicts() {
        return List.copyOf(conflicts.values());
    }

    List<RejectedWrite> rejectedWrites() {
        return rejections.entrySet().stream()
                .map(entry -> new RejectedWrite(entry.getKey(), entry.getValue().reason()))
                .toList();
    }
}
