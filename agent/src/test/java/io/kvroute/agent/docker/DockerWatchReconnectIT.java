package io.kvroute.agent.docker;

import io.kvroute.kv.store.Backoff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kvroute.agent.docker.DockerSourceException.Kind;
import io.kvroute.agent.testing.DockerdExtension;
import io.kvroute.agent.testing.HttpdSpec;
import io.kvroute.agent.testing.RunningContainer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DockerWatch} and {@link DockerSource} across dockerd stops and restarts. */
class DockerWatchReconnectIT {
    @RegisterExtension
    static final DockerdExtension DOCKER = new DockerdExtension();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final WatchSettings FAST = new WatchSettings(
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)), Duration.ofSeconds(1));

    @Test
    void afterADaemonRestartTheWatchReconnectsRelistsAndSeesNewContainers() throws Exception {
        RecordingListener listener = new RecordingListener();
        RunningContainer before = DOCKER.startHttpd(HttpdSpec.httpd("before", DockerdExtension.freePort()));
        try (DockerSource source = DockerSource.open(DockerEndpoint.parse(DOCKER.endpoint()));
             DockerWatch watch = source.watch(listener, FAST)) {
            await().atMost(WAIT).until(watch::isConnected);
            assertThat(listener.lastListing()).extracting(ContainerInfo::id).containsExactly(before.id());

            DOCKER.stopDaemon();
            await().atMost(WAIT).until(() -> !watch.isConnected());
            DOCKER.startDaemonAgain();
            RunningContainer after = DOCKER.startHttpd(HttpdSpec.httpd("after", DockerdExtension.freePort()));
            try {
                await().atMost(WAIT).until(() -> listener.lastListing().stream().anyMatch(c -> c.id().equals(after.id()))
                        || listener.actionsOf(after.id()).contains(ContainerAction.START));

                assertThat(watch.isConnected()).isTrue();
                assertThat(listener.connections).containsExactly(true, false, true);
                assertThat(listener.listings).hasSizeGreaterThanOrEqualTo(2);
                assertThat(listener.lastListing()).extracting(ContainerInfo::id).doesNotContain(before.id());
            } finally {
                DOCKER.remove(after.id());
            }
        } finally {
            DOCKER.remove(before.id());
        }
    }

    @Test
    void aWatchStartedWhileTheDaemonIsDownReportsOneDisconnectionAndConnectsWhenItComesUp() throws Exception {
        RecordingListener listener = new RecordingListener();
        DOCKER.stopDaemon();
        try (DockerSource source = DockerSource.open(DockerEndpoint.parse(DOCKER.endpoint()));
             DockerWatch watch = source.watch(listener, FAST)) {
            await().atMost(WAIT).until(() -> listener.connections.contains(false));
            assertThatThrownBy(source::listContainers)
                    .isInstanceOfSatisfying(DockerSourceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                    .hasMessageStartingWith("docker engine at " + DOCKER.endpoint() + ": version: ");

            DOCKER.startDaemonAgain();

            await().atMost(WAIT).until(watch::isConnected);
            assertThat(listener.connections).containsExactly(false, true);
            assertThat(listener.listings).containsExactly(List.of());
            assertThat(source.listContainers()).isEmpty();
        }
    }

    @Test
    void aClosedWatchTellsTheListenerNothingMore() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (DockerSource source = DockerSource.open(DockerEndpoint.parse(DOCKER.endpoint()))) {
            DockerWatch watch = source.watch(listener, FAST);
            await().atMost(WAIT).until(watch::isConnected);

            watch.close();
            RunningContainer unseen = DOCKER.startHttpd(HttpdSpec.httpd("unseen", DockerdExtension.freePort()));
            try {
                await().atMost(WAIT).until(() -> source.inspect(unseen.id()).map(ContainerInfo::running).orElse(false));
                assertThat(listener.eventsOf(unseen.id())).isEmpty();
                assertThat(listener.connections).containsExactly(true);
                assertThat(watch.isConnected()).isFalse();
            } finally {
                DOCKER.remove(unseen.id());
            }
        }
    }
}
