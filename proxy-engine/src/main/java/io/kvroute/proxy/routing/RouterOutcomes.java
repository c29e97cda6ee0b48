package io.kvroute.proxy.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every router's outcome of one {@link SnapshotBuilder} build, by router name, as {@link BuildMemo} keeps it: a table
 * made by an earlier build plus the outcomes redone since. A build that redoes a few routers adds them to those
 * redone since instead of copying the whole table; once they reach a sixteenth of it, they are merged into a new
 * table. Immutable: neither map changes once made, so the snapshots before share them.
 */
final class RouterOutcomes {
    static final RouterOutcomes NONE = new RouterOutcomes(Map.of(), Map.of());
    /** The redone outcomes are merged into a new table once they are this share of it (one in so many). */
    private static final int MERGE_SHARE = 16;

    private final Map<String, BuildMemo.RouterOutcome> table;
    /** The outcomes redone since {@link #table} was made, by router: null for a router gone since. */
    private final Map<String, BuildMemo.RouterOutcome> redone;

    private RouterOutcomes(Map<String, BuildMemo.RouterOutcome> table, Map<String, BuildMemo.RouterOutcome> redone) {
        this.table = table;
        this.redone = redone;
    }

    /** The outcome of {@code router}; null when there is none. */
    BuildMemo.RouterOutcome get(String router) {
        BuildMemo.RouterOutcome outcome = redone.get(router);
        return outcome != null || redone.containsKey(router) ? outcome : table.get(router);
    }

    /** Every outcome, in no particular order. */
    void forEach(Consumer<BuildMemo.RouterOutcome> action) {
        table.forEach((router, outcome) -> {
            if (!redone.containsKey(router)) {
                action.accept(outcome);
            }
        });
        redone.values().forEach(outcome -> {
            if (outcome != null) {
                action.accept(outcome);
            }
        });
    }

    /** These outcomes with those of {@code changes} instead, by router (null: the router is gone). */
    RouterOutcomes with(Map<String, BuildMemo.RouterOutcome> changes) {
        Map<String, BuildMemo.RouterOutcome> since = new HashMap<>(redone);
        since.putAll(changes);
        if (since.size() * MERGE_SHARE <= table.size()) {
            return new RouterOutcomes(table, since);
        }
        Map<String, BuildMemo.RouterOutcome> merged = new HashMap<>(table);
        since.forEach((router, outcome) -> {
            if (outcome == null) {
                merged.remove(router);
            } else {
                merged.put(router, outcome);
            }
        });
        return new RouterOutcomes(merged, Map.of());
    }
}
