package io.kvroute.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.kvroute.agent.docker.AddressSelection.Chosen;
import io.kvroute.agent.docker.AddressSelection.Refused;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AddressSelectorTest {
    private static final String HOST_IP = "10.0.0.5";
    private static final AddressPolicy ON_HOST = AddressPolicy.onHost(HOST_IP);
    private static final AddressPolicy ON_BACKEND = AddressPolicy.onNetwork("backend", HOST_IP);
    private static final OptionalInt NO_PORT = OptionalInt.empty();
    private static final String PORT_LABELS =
            "kvroute.port, traefik.port, traefik.http.services.S.loadbalancer.server.port or VIRTUAL_PORT";

    /** A container on the default bridge network exposing 8080/tcp, published on every address as 32768. */
    private static final ContainerInfo BRIDGED = container("bridge", Map.of("bridge", "172.17.0.2"), Set.of(ContainerPort.tcp(8080)),
            Map.of(ContainerPort.tcp(8080), List.of(new HostBinding("0.0.0.0", 32768), new HostBinding("::", 32768))), Map.of());
    private static final ContainerInfo HOST_NETWORK = container("host", Map.of("host", ""), Set.of(), Map.of(), Map.of());
    private static final ContainerInfo TWO_NETWORKS = container("frontend",
            Map.of("frontend", "172.18.0.3", "backend", "172.19.0.4"), Set.of(ContainerPort.tcp(8080)), Map.of(), Map.of());

    static Stream<Arguments> precedence() {
        return Stream.of(
                arguments("label HOST:PORT beats network and published port",
                        withLabel(TWO_NETWORKS, "kvroute.address", "192.168.1.7:9000"), ON_BACKEND, NO_PORT,
                        new Chosen("192.168.1.7", 9000, AddressSource.LABEL, "container web: label kvroute.address=192.168.1.7:9000")),
                arguments("label HOST takes the declared port",
                        withLabel(BRIDGED, "kvroute.address", "192.168.1.7"), ON_HOST, OptionalInt.of(8081),
                        new Chosen("192.168.1.7", 8081, AddressSource.LABEL,
                                "container web: label kvroute.address=192.168.1.7, container port 8081/tcp (declared)")),
                arguments("label HOST takes the only exposed port",
                        withLabel(BRIDGED, "kvroute.address", "web.internal"), ON_HOST, NO_PORT,
                        new Chosen("web.internal", 8080, AddressSource.LABEL,
                                "container web: label kvroute.address=web.internal, container port 8080/tcp (its only exposed port)")),
                arguments("label [IPv6]:PORT",
                        withLabel(BRIDGED, "kvroute.address", "[fd00::7]:9000"), ON_HOST, NO_PORT,
                        new Chosen("fd00::7", 9000, AddressSource.LABEL, "container web: label kvroute.address=[fd00::7]:9000")),
                arguments("label bare IPv6 with declared port",
                        withLabel(HOST_NETWORK, "kvroute.address", "fd00::7"), ON_HOST, OptionalInt.of(8081),
                        new Chosen("fd00::7", 8081, AddressSource.LABEL,
                                "container web: label kvroute.address=fd00::7, container port 8081/tcp (declared)")),
                arguments("label [IPv6] with declared port",
                        withLabel(HOST_NETWORK, "kvroute.address", " [fd00::7] "), ON_HOST, OptionalInt.of(8081),
                        new Chosen("fd00::7", 8081, AddressSource.LABEL,
                                "container web: label kvroute.address= [fd00::7] , container port 8081/tcp (declared)")),
                arguments("label HOST without any port is refused",
                        withLabel(HOST_NETWORK, "kvroute.address", "192.168.1.7"), ON_HOST, NO_PORT,
                        new Refused("container web: label kvroute.address=192.168.1.7 names no port, but no port declared ("
                                + PORT_LABELS + ") and none exposed")),
                arguments("named network beats published port",
                        withNetwork(BRIDGED, "backend", "172.19.0.9"), ON_BACKEND, NO_PORT,
                        new Chosen("172.19.0.9", 8080, AddressSource.NAMED_NETWORK,
                                "container web: address 172.19.0.9 on network 'backend' (--docker.network), container port 8080/tcp (its only exposed port)")),
                arguments("named network chooses among several networks, with the declared port",
                        TWO_NETWORKS, ON_BACKEND, OptionalInt.of(9090),
                        new Chosen("172.19.0.4", 9090, AddressSource.NAMED_NETWORK,
                                "container web: address 172.19.0.4 on network 'backend' (--docker.network), container port 9090/tcp (declared)")),
                arguments("named network without a known port is refused",
                        container("backend", Map.of("backend", "172.19.0.4"), Set.of(), Map.of(), Map.of()), ON_BACKEND, NO_PORT,
                        new Refused("container web: on network 'backend' (--docker.network) at 172.19.0.4, but no port declared ("
                                + PORT_LABELS + ") and none exposed")),
                arguments("not on the named network: the published port is used",
                        BRIDGED, ON_BACKEND, NO_PORT,
                        new Chosen(HOST_IP, 32768, AddressSource.PUBLISHED_PORT,
                                "container web: container port 8080/tcp (its only exposed port) published on 0.0.0.0:32768"
                                        + " (every address), so on host IP 10.0.0.5 (--host-ip)")),
                arguments("a port published on the host IP beats one published on every address",
                        withPublished(BRIDGED, 8080, new HostBinding("0.0.0.0", 32768), new HostBinding(HOST_IP, 32770)), ON_HOST, NO_PORT,
                        new Chosen(HOST_IP, 32770, AddressSource.PUBLISHED_PORT,
                                "container web: container port 8080/tcp (its only exposed port) published on 10.0.0.5:32770 (--host-ip)")),
                arguments("a port published on :: counts as the host IP",
                        withPublished(BRIDGED, 8080, new HostBinding("::", 32771)), ON_HOST, NO_PORT,
                        new Chosen(HOST_IP, 32771, AddressSource.PUBLISHED_PORT,
                                "container web: container port 8080/tcp (its only exposed port) published on [::]:32771"
                                        + " (every address), so on host IP 10.0.0.5 (--host-ip)")),
                arguments("the declared port picks which published port",
                        withPublished(withExposed(BRIDGED, 8080, 9090), 9090, new HostBinding("0.0.0.0", 32780)), ON_HOST, OptionalInt.of(9090),
                        new Chosen(HOST_IP, 32780, AddressSource.PUBLISHED_PORT,
                                "container web: container port 9090/tcp (declared) published on 0.0.0.0:32780"
                                        + " (every address), so on host IP 10.0.0.5 (--host-ip)")),
                arguments("published only on loopback, not on the host IP: the only network is used",
                        withPublished(BRIDGED, 8080, new HostBinding("127.0.0.1", 32768)), ON_HOST, NO_PORT,
                        new Chosen("172.17.0.2", 8080, AddressSource.ONLY_NETWORK,
                                "container web: address 172.17.0.2 on its only network 'bridge', container port 8080/tcp (its only exposed port)")),
                arguments("host network: host IP and declared port",
                        HOST_NETWORK, ON_HOST, OptionalInt.of(8081),
                        new Chosen(HOST_IP, 8081, AddressSource.HOST_NETWORK,
                                "container web: host network, host IP 10.0.0.5 (--host-ip), container port 8081/tcp (declared)")),
                arguments("host network ignores --docker.network it is not on",
                        HOST_NETWORK, ON_BACKEND, OptionalInt.of(8081),
                        new Chosen(HOST_IP, 8081, AddressSource.HOST_NETWORK,
                                "container web: host network, host IP 10.0.0.5 (--host-ip), container port 8081/tcp (declared)")),
                arguments("host network: the only exposed port",
                        withExposed(HOST_NETWORK, 3000), ON_HOST, NO_PORT,
                        new Chosen(HOST_IP, 3000, AddressSource.HOST_NETWORK,
                                "container web: host network, host IP 10.0.0.5 (--host-ip), container port 3000/tcp (its only exposed port)")),
                arguments("host network without a port is refused",
                        HOST_NETWORK, ON_HOST, NO_PORT,
                        new Refused("container web: uses the host network, which publishes no ports, but no port declared ("
                                + PORT_LABELS + ") and none exposed")),
                arguments("host network with several exposed ports and none declared is refused",
                        withExposed(HOST_NETWORK, 3000, 3001), ON_HOST, NO_PORT,
                        new Refused("container web: uses the host network, which publishes no ports, but no port declared ("
                                + PORT_LABELS + ") and several exposed: 3000/tcp, 3001/tcp")),
                arguments("a UDP port is no HTTP port",
                        container("host", Map.of("host", ""), Set.of(new ContainerPort(53, "udp")), Map.of(), Map.of()), ON_HOST, NO_PORT,
                        new Refused("container web: uses the host network, which publishes no ports, but no port declared ("
                                + PORT_LABELS + ") and none exposed")),
                arguments("the only network",
                        container("frontend", Map.of("frontend", "172.18.0.3"), Set.of(ContainerPort.tcp(8080)), Map.of(), Map.of()), ON_HOST, NO_PORT,
                        new Chosen("172.18.0.3", 8080, AddressSource.ONLY_NETWORK,
                                "container web: address 172.18.0.3 on its only network 'frontend', container port 8080/tcp (its only exposed port)")),
                arguments("the only network without a port is refused",
                        container("frontend", Map.of("frontend", "172.18.0.3"), Set.of(), Map.of(), Map.of()), ON_HOST, NO_PORT,
                        new Refused("container web: on network 'frontend' at 172.18.0.3, but no port declared ("
                                + PORT_LABELS + ") and none exposed")),
                arguments("several networks and no choice are refused, naming them",
                        TWO_NETWORKS, ON_HOST, NO_PORT,
                        new Refused("container web: on several networks (backend, frontend) and no --docker.network chosen, and publishes"
                                + " no host port for 8080/tcp; choose one with --docker.network or set the kvroute.address label")),
                arguments("several networks, a port published only elsewhere, and no choice are refused",
                        withPublished(TWO_NETWORKS, 8080, new HostBinding("127.0.0.1", 32768)), ON_HOST, NO_PORT,
                        new Refused("container web: on several networks (backend, frontend) and no --docker.network chosen, and publishes"
                                + " 8080/tcp only on 127.0.0.1:32768, not on host IP 10.0.0.5; choose one with --docker.network or set the"
                                + " kvroute.address label")),
                arguments("several networks and several exposed ports are refused, naming both",
                        withExposed(TWO_NETWORKS, 8080, 8443), ON_HOST, NO_PORT,
                        new Refused("container web: on several networks (backend, frontend) and no --docker.network chosen, and its port"
                                + " is unknown (no port declared (" + PORT_LABELS + ") and several exposed: 8080/tcp, 8443/tcp);"
                                + " choose one with --docker.network or set the kvroute.address label")),
                arguments("not on the chosen network and nothing published: refused, naming its networks",
                        container("frontend", Map.of("frontend", "172.18.0.3"), Set.of(ContainerPort.tcp(8080)), Map.of(), Map.of()),
                        ON_BACKEND, NO_PORT,
                        new Refused("container web: not on network 'backend' (--docker.network; its networks: frontend) and publishes no"
                                + " host port for 8080/tcp; attach it to that network, publish the port or set the kvroute.address label")),
                arguments("network mode none is refused",
                        container("none", Map.of("none", ""), Set.of(ContainerPort.tcp(8080)), Map.of(), Map.of()), ON_HOST, NO_PORT,
                        new Refused("container web: has no network address (network mode 'none') and publishes no host port for"
                                + " 8080/tcp; publish the port or set the kvroute.address label")),
                arguments("a shared network stack is refused",
                        container("container:0123456789ab", Map.of(), Set.of(), Map.of(), Map.of()), ON_HOST, OptionalInt.of(8080),
                        new Refused("container web: shares the network of container:0123456789ab and publishes no host port for"
                                + " 8080/tcp; set the kvroute.address label")),
                arguments("a shared network stack with a label is fine",
                        container("container:0123456789ab", Map.of(), Set.of(), Map.of(), Map.of("kvroute.address", "10.0.0.9:80")),
                        ON_HOST, NO_PORT,
                        new Chosen("10.0.0.9", 80, AddressSource.LABEL, "container web: label kvroute.address=10.0.0.9:80")),
                arguments("a declared port out of range is refused",
                        HOST_NETWORK, ON_HOST, OptionalInt.of(70000),
                        new Refused("container web: declared port 70000 (expected: 1..65535)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void choosesByPrecedence(String description, ContainerInfo container, AddressPolicy policy, OptionalInt declaredPort,
            AddressSelection expected) {
        assertThat(AddressSelector.select(container, policy, declaredPort)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "kvroute.address={0}")
    @MethodSource("malformedLabels")
    void malformedAddressLabelsAreRefused(String label) {
        assertThat(AddressSelector.select(withLabel(BRIDGED, "kvroute.address", label), ON_HOST, OptionalInt.of(8080)))
                .isEqualTo(new Refused("container web: label kvroute.address=\"" + label + "\" (expected: HOST, HOST:PORT or [IPv6]:PORT)"));
    }

    static Stream<String> malformedLabels() {
        return Stream.of("", "  ", ":8080", "10.0.0.7:", "10.0.0.7:http", "10.0.0.7:0", "10.0.0.7:65536", "10.0.0.7:123456",
                "[fd00::7", "[fd00::7]9000", "[fd00::7]:x", "[]:80", "http://10.0.0.7", "a b");
    }

    @Test
    void chosenAuthorityBracketsIpv6() {
        assertThat(new Chosen("fd00::7", 9000, AddressSource.LABEL, "r").authority()).isEqualTo("[fd00::7]:9000");
        assertThat(new Chosen("10.0.0.7", 9000, AddressSource.LABEL, "r").authority()).isEqualTo("10.0.0.7:9000");
    }

    @Test
    void policyRejectsBlankValues() {
        assertThatThrownBy(() -> AddressPolicy.onNetwork(" ", HOST_IP))
                .hasMessage("--docker.network: \"\" (expected: a network name)");
        assertThatThrownBy(() -> AddressPolicy.onHost(""))
                .hasMessage("--host-ip: \"\" (expected: an IP address)");
    }

    private static ContainerInfo container(String networkMode, Map<String, String> networks, Set<ContainerPort> exposed,
            Map<ContainerPort, List<HostBinding>> published, Map<String, String> labels) {
        return new ContainerInfo("0123456789abcdef", "web", "nginx:1.27", labels, Map.of(), networkMode, networks, exposed, published,
                true, HealthStatus.NONE);
    }

    private static ContainerInfo withLabel(ContainerInfo c, String key, String value) {
        Map<String, String> labels = new HashMap<>(c.labels());
        labels.put(key, value);
        return container(c.networkMode(), c.networks(), c.exposedPorts(), c.publishedPorts(), labels);
    }

    private static ContainerInfo withNetwork(ContainerInfo c, String name, String ip) {
        Map<String, String> networks = new HashMap<>(c.networks());
        networks.put(name, ip);
        return container(c.networkMode(), networks, c.exposedPorts(), c.publishedPorts(), c.labels());
    }

    private static ContainerInfo withExposed(ContainerInfo c, int... ports) {
        Set<ContainerPort> exposed = Arrays.stream(ports).mapToObj(ContainerPort::tcp).collect(Collectors.toSet());
        return container(c.networkMode(), c.networks(), exposed, c.publishedPorts(), c.labels());
    }

    private static ContainerInfo withPublished(ContainerInfo c, int port, HostBinding... bindings) {
        return container(c.networkMode(), c.networks(), c.exposedPorts(), Map.of(ContainerPort.tcp(port), List.of(bindings)), c.labels());
    }
}
