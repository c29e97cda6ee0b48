package io.kvroute.proxy.runtime;

import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.docker.AddressPolicy;
import io.kvroute.agent.docker.DockerEndpoint;
import io.kvroute.agent.registration.LeaseTiming;
import io.kvroute.agent.runtime.AgentSettings;
import io.kvroute.agent.runtime.DiscoverySources;
import io.kvroute.agent.runtime.DockerDiscovery;
import io.kvroute.agent.runtime.KeyDestination;
import io.kvroute.agent.testing.DockerdExtension;
import io.kvroute.kv.layout.Layout;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/** Agents of the end-to-end tests that run a real dockerd beside the proxy. */
final class DockerAgents {
    private DockerAgents() {
    }

    /**
     * Node {@code n1} publishing {@code docker}'s containers under the proxy's {@code traefik} keys (v3), reached on
     * 127.0.0.1 (the test containers run on the host network).
     */
    static AgentSettings onLoopback(DockerdExtension docker) throws Exception {
        DockerDiscovery discovery = new DockerDiscovery(DockerEndpoint.parse(docker.endpoint()),
                AddressPolicy.onHost("127.0.0.1"), true);
        return new AgentSettings("n1", new KeyDestination(Layout.V3, "traefik", true),
                new DiscoverySources(Optional.of(discovery), Optional.empty(), false, DefaultRule.TRAEFIK),
                LeaseTiming.DEFAULT, Duration.ofMillis(200), new InetSocketAddress("127.0.0.1", 0));
    }
}
