package io.kvroute.proxy.health;

import io.kvroute.proxy.balancer.ServerKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every {@link HealthChange} it is told about and the thread that told it. */
final class RecordingListener implements HealthListener {
    private final List<HealthChange> changes = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final List<String> mismatches = new CopyOnWriteArrayList<>();

    @Override
    public void healthChanged(HealthChange change, HealthView view) {
        if (view.server(change.key()).map(ServerHealth::state).orElse(null) != change.to()) {
            mismatches.add("view " + view.version() + " does not show " + change.describe());
        }
        changes.add(change);
        threads.add(Thread.currentThread().getName());
    }

    List<HealthChange> changes() {
        return List.copyOf(changes);
    }

    /** The changes of one server as "FROM->TO" strings, in order. */
    List<String> transitions(ServerKey key) {
        return changes.stream().filter(change -> change.key().equals(key))
                .map(change -> change.from() + "->" + change.to()).toList();
    }

    /** Changes told with a view that did not show them; expected empty. */
    List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    List<String> threads() {
        return List.copyOf(threads);
    }
}
