package io.kvroute.agent.docker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link DockerListener} that keeps everything it hears, for assertions. */
final class RecordingListener implements DockerListener {
    final List<List<ContainerInfo>> listings = new CopyOnWriteArrayList<>();
    final List<ContainerEvent> events = new CopyOnWriteArrayList<>();
    final List<Boolean> connections = new CopyOnWriteArrayList<>();

    @Override
    public void containersListed(List<ContainerInfo> running) {
        listings.add(running);
    }

    @Override
    public void containerChanged(ContainerEvent event) {
        events.add(event);
    }

    @Override
    public void connectionChanged(boolean connected, String detail) {
        connections.add(connected);
    }

    List<ContainerAction> actionsOf(String containerId) {
        return events.stream().filter(event -> event.containerId().equals(containerId)).map(ContainerEvent::action).toList();
    }

    /** The container's own events, without network connect/disconnect (which accompany every start and die). */
    List<ContainerEvent> lifecycleOf(String containerId) {
        return eventsOf(containerId).stream()
                .filter(event -> event.action() != ContainerAction.NETWORK_CONNECT && event.action() != ContainerAction.NETWORK_DISCONNECT)
                .toList();
    }

    List<ContainerEvent> eventsOf(String containerId) {
        return events.stream().filter(event -> event.containerId().equals(containerId)).toList();
    }

    List<ContainerInfo> lastListing() {
        return listings.isEmpty() ? List.of() : listings.get(listings.size() - 1);
    }
}
