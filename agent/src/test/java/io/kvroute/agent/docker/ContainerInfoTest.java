package io.kvroute.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The value types of the container view: {@link ContainerInfo}, {@link ContainerPort}, {@link HostBinding}, {@link HealthStatus}. */
class ContainerInfoTest {
    @Test
    void copiesAndSortsItsCollections() {
        Map<String, String> labels = new HashMap<>(Map.of("b", "2", "a", "1"));
        ContainerInfo info = new ContainerInfo("0123456789abcdef0", "web", "img", labels, Map.of(), "bridge",
                Map.of("z", "172.18.0.2", "a", "172.17.0.2"), Set.of(ContainerPort.tcp(9000), ContainerPort.tcp(80)), Map.of(), true,
                HealthStatus.HEALTHY);
        labels.put("c", "3");

        assertThat(info.labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(info.networks().keySet()).containsExactly("a", "z");
        assertThat(info.exposedPorts()).containsExactly(ContainerPort.tcp(80), ContainerPort.tcp(9000));
        assertThat(info.shortId()).isEqualTo("0123456789ab");
    }

    @Test
    void rejectsMissingIdAndSlashedNames() {
        assertThatThrownBy(() -> container("", "web")).hasMessage("id: \"\" (expected: a container id)");
        assertThatThrownBy(() -> container("abc", "/web")).hasMessage("name: \"/web\" (expected: non-empty, without leading slash)");
        assertThatThrownBy(() -> container("abc", " ")).hasMessage("name: \" \" (expected: non-empty, without leading slash)");
    }

    @ParameterizedTest
    @CsvSource({"8080/tcp, 8080, tcp", "8080, 8080, tcp", "53/UDP, 53, udp", "132/sctp, 132, sctp"})
    void parsesContainerPorts(String text, int port, String protocol) {
        assertThat(ContainerPort.parse(text)).isEqualTo(new ContainerPort(port, protocol));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "http/tcp ; container port: http/tcp (expected: PORT[/tcp|udp|sctp])",
            "0/tcp    ; port: 0 (expected: 1..65535)",
            "80/quic  ; protocol: quic (expected: tcp, udp or sctp)"})
    void rejectsMalformedContainerPorts(String text, String message) {
        assertThatThrownBy(() -> ContainerPort.parse(text)).hasMessage(message);
    }

    @Test
    void hostBindingsKnowWildcardsAndPrintLikeAddresses() {
        assertThat(List.of(new HostBinding("0.0.0.0", 80), new HostBinding("::", 80), new HostBinding("", 80)))
                .allMatch(HostBinding::isWildcard);
        assertThat(new HostBinding("127.0.0.1", 80).isWildcard()).isFalse();
        assertThat(new HostBinding("::1", 8080)).hasToString("[::1]:8080");
        assertThatThrownBy(() -> new HostBinding("0.0.0.0", 0)).hasMessage("hostPort: 0 (expected: 1..65535)");
    }

    @ParameterizedTest
    @CsvSource(value = {"starting, STARTING", "healthy, HEALTHY", "unhealthy, UNHEALTHY", "none, NONE", "'', NONE", "Healthy, HEALTHY"})
    void mapsDockerHealthStatus(String docker, HealthStatus expected) {
        assertThat(HealthStatus.fromDocker(docker)).isEqualTo(expected);
    }

    @Test
    void rejectsUnknownHealthStatus() {
        assertThat(HealthStatus.fromDocker(null)).isEqualTo(HealthStatus.NONE);
        assertThatThrownBy(() -> HealthStatus.fromDocker("sick")).hasMessage("health status: sick (expected: none, starting, healthy or unhealthy)");
    }

    private static ContainerInfo container(String id, String name) {
        return new ContainerInfo(id, name, "img", Map.of(), Map.of(), "host", Map.of(), Set.of(), Map.of(), true, HealthStatus.NONE);
    }
}
