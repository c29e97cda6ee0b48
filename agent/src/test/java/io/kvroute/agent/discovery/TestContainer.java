package io.kvroute.agent.discovery;

import io.kvroute.agent.docker.ContainerInfo;
import io.kvroute.agent.docker.ContainerPort;
import io.kvroute.agent.docker.HealthStatus;
import io.kvroute.agent.docker.HostBinding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builds {@link ContainerInfo}s for tests: by default running, without health check, on no network. */
final class TestContainer {
    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> networks = new TreeMap<>();
    private final Set<ContainerPort> exposed = new TreeSet<>();
    private final Map<ContainerPort, List<HostBinding>> published = new TreeMap<>();
    private String networkMode = "bridge";
    private boolean running = true;
    private HealthStatus health = HealthStatus.NONE;

    private TestContainer(String name) {
        this.name = name;
    }

    static TestContainer named(String name) {
        return new TestContainer(name);
    }

    /** A container exposing 80, published on 0.0.0.0:{@code hostPort}, on the default bridge network. */
    static TestContainer published(String name, int hostPort) {
        return named(name).network("bridge", "172.17.0.2").exposed(80).publish(80, "0.0.0.0", hostPort);
    }

    TestContainer label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    TestContainer env(String key, String value) {
        env.put(key, value);
        return this;
    }

    TestContainer network(String network, String ip) {
        networks.put(network, ip);
        return this;
    }

    TestContainer exposed(int port) {
        exposed.add(ContainerPort.tcp(port));
        return this;
    }

    /** Exposes {@code port}/udp and publishes it on 0.0.0.0:{@code hostPort}. */
    TestContainer publishedUdp(int port, int hostPort) {
        ContainerPort udp = new ContainerPort(port, "udp");
        exposed.add(udp);
        published.put(udp, List.of(new HostBinding("0.0.0.0", hostPort)));
        return this;
    }

    TestContainer publish(int containerPort, String hostIp, int hostPort) {
        published.put(ContainerPort.tcp(containerPort), List.of(new HostBinding(hostIp, hostPort)));
        return this;
    }

    TestContainer hostNetwork() {
        networkMode = "host";
        networks.clear();
        return this;
    }

    TestContainer stopped() {
        running = false;
        return this;
    }

    TestContainer health(HealthStatus status) {
        health = status;
        return this;
    }

    ContainerInfo build() {
        return new ContainerInfo("0123456789abcdef" + Math.abs(name.hashCode()), name, "busybox", labels, env,
                networkMode, networks, exposed, published, running, health);
    }
}
