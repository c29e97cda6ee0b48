package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.agent.runtime.AgentRuntime;
import io.kvroute.agent.testing.DockerdExtension;
import io.kvroute.agent.testing.HttpdSpec;
import io.kvroute.agent.testing.RunningContainer;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.UdpEchoServer;
import io.kvroute.proxy.udp.UdpEntryPoint;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A container's {@code traefik.udp.*} labels end to end (issue 15): real dockerd, agent, etcd and proxy. The agent
 * writes the container's UDP router and service as Traefik keys, the proxy's UDP entry point forwards datagrams to the
 * port the labels name, and {@code docker rm} of the container takes the router out again. The container runs on the
 * host network; the datagrams are answered by the test's own UDP echo server on the labelled port, as the test image's
 * busybox has no UDP server.
 */
class UdpDockerLabelsIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    @RegisterExtension
    static final DockerdExtension DOCKER = new DockerdExtension();

    private static final String ENTRY_POINT = "dns";

    @Test
    void aContainersUdpLabelsAreRoutedAndLeaveWithTheContainer() throws Exception {
        try (UdpEchoServer echo = UdpEchoServer.start("dns");
                RunningProxy proxy = RunningProxy.start(ETCD, RunningProxy.settings().withUdpEntryPoints(Map.of(
                        ENTRY_POINT, new UdpEntryPoint(new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(1)))));
                KvStore agentStore = KvStores.openForAgent(ETCD.settings())) {
            String echoPort = echo.address().substring(echo.address().lastIndexOf(':') + 1);
            RunningContainer resolver = DOCKER.startHttpd(HttpdSpec.httpd("resolver", DockerdExtension.freePort())
                    .withLabel("traefik.udp.routers.dns.entrypoints", ENTRY_POINT)
                    .withLabel("traefik.udp.routers.dns.service", "dns")
                    .withLabel("traefik.udp.services.dns.loadbalancer.server.port", echoPort));
            AgentRuntime agent = AgentRuntime.start(DockerAgents.onLoopback(DOCKER), agentStore);
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> udpRouters(proxy) == 1);
                try (DatagramSocket socket = client(proxy)) {
                    assertThat(UdpEchoServer.exchange(socket, "query")).isEqualTo("dns:query");
                }

                DOCKER.remove(resolver.id());
                await().atMost(Duration.ofSeconds(15)).until(() -> udpRouters(proxy) == 0);
            } finally {
                agent.close();
            }
        }
    }

    /** How many UDP routers the proxy's current configuration holds. */
    private static int udpRouters(RunningProxy proxy) {
        return proxy.runtime().config().map(config -> config.udp().routers().size()).orElse(0);
    }

    private static DatagramSocket client(RunningProxy proxy) throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setSoTimeout(5_000);
        socket.connect(proxy.runtime().udpAddress(ENTRY_POINT));
        return socket;
    }
}
