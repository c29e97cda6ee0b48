package io.kvroute.agent.docker;

import io.kvroute.kv.store.Backoff;
import static io.kvroute.agent.docker.ContainerAction.DIE;
import static io.kvroute.agent.docker.ContainerAction.DESTROY;
import static io.kvroute.agent.docker.ContainerAction.HEALTH_STATUS;
import static io.kvroute.agent.docker.ContainerAction.KILL;
import static io.kvroute.agent.docker.ContainerAction.NETWORK_CONNECT;
import static io.kvroute.agent.docker.ContainerAction.NETWORK_DISCONNECT;
import static io.kvroute.agent.docker.ContainerAction.START;
import static io.kvroute.agent.docker.ContainerAction.STOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.kvroute.agent.docker.AddressSelection.Chosen;
import io.kvroute.agent.testing.DockerdExtension;
import io.kvroute.agent.testing.HttpdSpec;
import io.kvroute.agent.testing.HttpdSpec.Healthcheck;
import io.kvroute.agent.testing.RunningContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DockerSource} and {@link DockerWatch} against a real dockerd started by the test. */
class DockerSourceIT {
    @RegisterExtension
    static final DockerdExtension DOCKER = new DockerdExtension();

    private static final Duration EVENT_WAIT = Duration.ofSeconds(15);
    private static final WatchSettings FAST = new WatchSettings(
            new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)), Duration.ofSeconds(1));

    private DockerSource source;
    private DockerWatch watch;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void openSource() {
        source = DockerSource.open(DockerEndpoint.parse(DOCKER.endpoint()));
    }

    @AfterEach
    void closeSource() {
        if (watch != null) {
            watch.close();
        }
        source.close();
    }

    @Test
    void negotiatesTheLowerOfTheEngineAndTheSupportedApiVersion() {
        ApiVersion engine = ApiVersion.parse(DOCKER.client().versionCmd().exec().getApiVersion());

        assertThat(source.apiVersion()).isEqualTo(ApiVersion.negotiate(engine, ApiVersion.SUPPORTED_MAX));
        try (DockerSource older = new DockerSource(source.endpoint(), new ApiVersion(1, 40))) {
            assertThat(older.apiVersion()).isEqualTo(new ApiVersion(1, 40));
            assertThat(older.listContainers()).isNotNull();
        }
    }

    @Test
    void listSeesARunningLabelledHostNetworkContainerWithLabelsAndEnv() throws Exception {
        int port = DockerdExtension.freePort();
        RunningContainer web = DOCKER.startHttpd(HttpdSpec.httpd("web", port)
                .withLabel("traefik.http.routers.web.rule", "Host(`web.example.com`)")
                .withLabel("kvroute.port", String.valueOf(port))
                .withEnv("VIRTUAL_HOST", "web.example.com")
                .withEnv("EMPTY", ""));
        try {
            assertThat(get(port)).isEqualTo("kvroute test page\n");

            ContainerInfo info = source.listContainers().stream().filter(c -> c.id().equals(web.id())).findFirst().orElseThrow();

            assertThat(info.name()).isEqualTo(web.name());
            assertThat(info.image()).isEqualTo(DockerdExtension.IMAGE);
            assertThat(info.labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "traefik.http.routers.web.rule", "Host(`web.example.com`)", "kvroute.port", String.valueOf(port)));
            assertThat(info.env()).containsEntry("VIRTUAL_HOST", "web.example.com").containsEntry("EMPTY", "");
            assertThat(info.networkMode()).isEqualTo("host");
            assertThat(info.networks()).containsExactly(Map.entry("host", ""));
            assertThat(info.publishedPorts()).isEmpty();
            assertThat(info.running()).isTrue();
            assertThat(info.health()).isEqualTo(HealthStatus.NONE);
            assertThat(AddressSelector.select(info, AddressPolicy.onHost("127.0.0.1"), OptionalInt.of(port)))
                    .isEqualTo(new Chosen("127.0.0.1", port, AddressSource.HOST_NETWORK, "container " + web.name()
                            + ": host network, host IP 127.0.0.1 (--host-ip), container port " + port + "/tcp (declared)"));
        } finally {
            DOCKER.remove(web.id());
        }
        assertThat(source.listContainers()).extracting(ContainerInfo::id).doesNotContain(web.id());
        assertThat(source.inspect(web.id())).isEmpty();
    }

    @Test
    void dockerStopDeliversKillDieAndStopThenRemoveDeliversDestroy() {
        watch = startedWatch();
        RunningContainer web = DOCKER.startHttpd(HttpdSpec.httpd("stopped", DockerdExtension.freePort()));
        await().atMost(EVENT_WAIT).until(() -> listener.actionsOf(web.id()).contains(START));

        DOCKER.stop(web.id());
        await().atMost(EVENT_WAIT).until(() -> listener.actionsOf(web.id()).contains(STOP));
        DOCKER.remove(web.id());
        await().atMost(EVENT_WAIT).until(() -> listener.actionsOf(web.id()).contains(DESTROY));

        assertThat(listener.lifecycleOf(web.id())).extracting(ContainerEvent::action, ContainerEvent::detail).containsExactly(
                tuple(START, ""), tuple(KILL, "signal 15"), tuple(KILL, "signal 9"), tuple(DIE, "exit code 137"),
                tuple(STOP, ""), tuple(DESTROY, ""));
        assertThat(listener.lifecycleOf(web.id())).extracting(ContainerEvent::name).containsOnly(web.name());
        assertThat(listener.eventsOf(web.id())).filteredOn(event -> event.action() == NETWORK_CONNECT || event.action() == NETWORK_DISCONNECT)
                .extracting(ContainerEvent::action, ContainerEvent::detail)
                .containsExactly(tuple(NETWORK_CONNECT, "network host"), tuple(NETWORK_DISCONNECT, "network host"));
    }

    @Test
    void killDeliversKillAndDie() {
        watch = startedWatch();
        RunningContainer web = DOCKER.startHttpd(HttpdSpec.httpd("killed", DockerdExtension.freePort()));
        try {
            await().atMost(EVENT_WAIT).until(() -> listener.actionsOf(web.id()).contains(START));

            DOCKER.kill(web.id());

            await().atMost(EVENT_WAIT).until(() -> listener.actionsOf(web.id()).contains(DIE));
            assertThat(listener.lifecycleOf(web.id())).extracting(ContainerEvent::action, ContainerEvent::detail)
                    .containsExactly(tuple(START, ""),
                            tuple(KILL, "signal 9"),
                            tuple(DIE, "exit code 137"));
            assertThat(source.inspect(web.id()).orElseThrow().running()).isFalse();
        } finally {
            DOCKER.remove(web.id());
        }
    }

    @Test
    void aHealthcheckedContainerGoesFromStartingToHealthy() throws Exception {
        watch = startedWatch();
        RunningContainer web = DOCKER.startHttpd(HttpdSpec.httpd("healthy", DockerdExtension.freePort())
                .withHealthcheck(Healthcheck.READY_FILE));
        try {
            await().atMost(EVENT_WAIT).until(() -> listener.actionsOf(web.id()).contains(START));
            assertThat(source.inspect(web.id()).orElseThrow().health()).isEqualTo(HealthStatus.STARTING);
            assertThat(source.listContainers()).filteredOn(c -> c.id().equals(web.id()))
                    .extracting(ContainerInfo::health).containsExactly(HealthStatus.STARTING);

            DOCKER.markReady(web.id());

            await().atMost(EVENT_WAIT).until(() -> listener.actionsOf(web.id()).contains(HEALTH_STATUS));
            assertThat(listener.eventsOf(web.id())).filteredOn(event -> event.action() == HEALTH_STATUS)
                    .extracting(ContainerEvent::detail).containsExactly("healthy");
            assertThat(source.inspect(web.id()).orElseThrow().health()).isEqualTo(HealthStatus.HEALTHY);
        } finally {
            DOCKER.remove(web.id());
        }
    }

    @Test
    void networkConnectAndDisconnectAreDeliveredAndSeveralNetworksAreRefusedWithoutAChoice() {
        watch = startedWatch();
        DockerClient docker = DOCKER.client();
        String front = docker.createNetworkCmd().withName("kvroute-front").withDriver("bridge").exec().getId();
        String back = docker.createNetworkCmd().withName("kvroute-back").withDriver("bridge").exec().getId();
        int hostPort = DockerdExtension.freePort();
        String id = docker.createContainerCmd(DockerdExtension.IMAGE)
                .withName("bridged")
                .withCmd("/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www")
                .withExposedPorts(ExposedPort.tcp(8080))
                .withStopTimeout(1)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("kvroute-front")
                        .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), ExposedPort.tcp(8080))))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.connectToNetworkCmd().withNetworkId(back).withContainerId(id).exec();
            await().atMost(EVENT_WAIT).until(() -> listener.eventsOf(id).stream()
                    .anyMatch(event -> event.detail().equals("network kvroute-back")));

            ContainerInfo info = source.inspect(id).orElseThrow();
            assertThat(info.networkMode()).isEqualTo("kvroute-front");
            assertThat(info.networks()).containsOnlyKeys("kvroute-back", "kvroute-front");
            assertThat(info.networks().values()).allSatisfy(ip -> assertThat(ip).matches("[0-9.]+"));
            assertThat(info.exposedPorts()).containsExactly(ContainerPort.tcp(8080));
            assertThat(info.publishedPorts()).containsExactly(Map.entry(ContainerPort.tcp(8080), List.of(new HostBinding("127.0.0.1", hostPort))));

            assertThat(AddressSelector.select(info, AddressPolicy.onHost("127.0.0.1"), OptionalInt.empty()))
                    .isEqualTo(new Chosen("127.0.0.1", hostPort, AddressSource.PUBLISHED_PORT, "container bridged: container port 8080/tcp"
                            + " (its only exposed port) published on 127.0.0.1:" + hostPort + " (--host-ip)"));
            assertThat(AddressSelector.select(info, AddressPolicy.onHost("10.9.8.7"), OptionalInt.empty()).reason())
                    .isEqualTo("container bridged: on several networks (kvroute-back, kvroute-front) and no --docker.network chosen,"
                            + " and publishes 8080/tcp only on 127.0.0.1:" + hostPort + ", not on host IP 10.9.8.7;"
                            + " choose one with --docker.network or set the kvroute.address label");
            assertThat(AddressSelector.select(info, AddressPolicy.onNetwork("kvroute-back", "10.9.8.7"), OptionalInt.empty()))
                    .isEqualTo(new Chosen(info.networks().get("kvroute-back"), 8080, AddressSource.NAMED_NETWORK,
                            "container bridged: address " + info.networks().get("kvroute-back")
                                    + " on network 'kvroute-back' (--docker.network), container port 8080/tcp (its only exposed port)"));

            docker.disconnectFromNetworkCmd().withNetworkId(back).withContainerId(id).exec();
            await().atMost(EVENT_WAIT).until(() -> listener.actionsOf(id).contains(NETWORK_DISCONNECT));
            assertThat(listener.eventsOf(id)).filteredOn(event -> event.action() == NETWORK_DISCONNECT)
                    .extracting(ContainerEvent::detail).isNotEmpty().containsOnly("network kvroute-back");
            assertThat(source.inspect(id).orElseThrow().networks()).containsOnlyKeys("kvroute-front");
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
            docker.removeNetworkCmd(front).exec();
            docker.removeNetworkCmd(back).exec();
        }
    }

    private DockerWatch startedWatch() {
        DockerWatch started = source.watch(listener, FAST);
        await().atMost(EVENT_WAIT).until(() -> listener.connections.contains(true));
        return started;
    }

    private static String get(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build();
        return await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> http.send(request, HttpResponse.BodyHandlers.ofString()).body(), body -> !body.isEmpty());
    }
}
