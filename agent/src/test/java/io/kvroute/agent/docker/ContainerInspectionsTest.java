package io.kvroute.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Maps docker inspect JSON (shapes taken from dockerd 20.10) into {@link ContainerInfo}. */
class ContainerInspectionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void mapsABridgedContainerWithPublishedPortsAndHealth() throws Exception {
        InspectContainerResponse inspect = JSON.readValue("""
                {"Id": "b0aaf2676c4d92fc24d431a557ba8b92bf13a14903ef52eb07bb39bc2626e348",
                 "Name": "/p1",
                 "State": {"Status": "running", "Running": true, "Health": {"Status": "unhealthy", "FailingStreak": 3, "Log": []}},
                 "Config": {"Image": "kvroute-test/busybox:1",
                            "Env": ["PATH=/usr/bin:/bin", "VIRTUAL_HOST=a.example.com,b.example.com", "EQUALS=a=b", "FLAG", "=odd"],
                            "Labels": {"traefik.enable": "true"},
                            "ExposedPorts": {"8080/tcp": {}, "53/udp": {}, "9000/tcp": {}}},
                 "HostConfig": {"NetworkMode": "testnet"},
                 "NetworkSettings": {
                   "Ports": {"8080/tcp": [{"HostIp": "0.0.0.0", "HostPort": "18094"}, {"HostIp": "::", "HostPort": "18094"},
                                          {"HostIp": "127.0.0.1", "HostPort": "18093"}],
                             "53/udp": null, "9000/tcp": []},
                   "Networks": {"testnet": {"NetworkID": "3535aac2", "IPAddress": "172.17.0.3", "Gateway": "172.17.0.1"},
                                "other": {"NetworkID": "77aa", "IPAddress": ""}}}}
                """, InspectContainerResponse.class);

        ContainerInfo info = ContainerInspections.toInfo(inspect);

        assertThat(info).isEqualTo(new ContainerInfo(
                "b0aaf2676c4d92fc24d431a557ba8b92bf13a14903ef52eb07bb39bc2626e348", "p1", "kvroute-test/busybox:1",
                Map.of("traefik.enable", "true"),
                Map.of("PATH", "/usr/bin:/bin", "VIRTUAL_HOST", "a.example.com,b.example.com", "EQUALS", "a=b", "FLAG", ""),
                "testnet",
                Map.of("testnet", "172.17.0.3", "other", ""),
                Set.of(ContainerPort.tcp(8080), ContainerPort.tcp(9000), new ContainerPort(53, "udp")),
                Map.of(ContainerPort.tcp(8080), List.of(new HostBinding("0.0.0.0", 18094), new HostBinding("::", 18094),
                        new HostBinding("127.0.0.1", 18093))),
                true, HealthStatus.UNHEALTHY));
        assertThat(info.shortId()).isEqualTo("b0aaf2676c4d");
        assertThat(info.isHostNetwork()).isFalse();
    }

    @Test
    void mapsAStoppedHostNetworkContainerWithoutHealthcheck() throws Exception {
        InspectContainerResponse inspect = JSON.readValue("""
                {"Id": "89d5469181af", "Name": "/w1",
                 "State": {"Status": "exited", "Running": false, "ExitCode": 137},
                 "Config": {"Image": "kvroute-test/busybox:1", "Env": null, "Labels": null},
                 "HostConfig": {"NetworkMode": "host"},
                 "NetworkSettings": {"Ports": {}, "Networks": {"host": {"IPAddress": ""}}}}
                """, InspectContainerResponse.class);

        ContainerInfo info = ContainerInspections.toInfo(inspect);

        assertThat(info).isEqualTo(new ContainerInfo("89d5469181af", "w1", "kvroute-test/busybox:1", Map.of(), Map.of(), "host",
                Map.of("host", ""), Set.of(), Map.of(), false, HealthStatus.NONE));
        assertThat(info.isHostNetwork()).isTrue();
    }
}
