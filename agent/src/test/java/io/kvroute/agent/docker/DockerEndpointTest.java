package io.kvroute.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.agent.docker.DockerSourceException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerEndpointTest {
    @Test
    void parsesUnixAndTcpEndpoints() {
        DockerEndpoint unix = DockerEndpoint.parse("unix:///var/run/docker.sock");
        DockerEndpoint tcp = DockerEndpoint.parse(" tcp://10.0.0.5:2375 ");

        assertThat(unix.uri().getPath()).isEqualTo("/var/run/docker.sock");
        assertThat(unix.isTls()).isFalse();
        assertThat(tcp.uri().getHost()).isEqualTo("10.0.0.5");
        assertThat(tcp.uri().getPort()).isEqualTo(2375);
        assertThat(tcp).hasToString("tcp://10.0.0.5:2375");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://10.0.0.5:2375 | docker endpoint: http://10.0.0.5:2375 (expected: unix:///path/to/docker.sock or tcp://HOST:PORT)",
            "/var/run/docker.sock | docker endpoint: /var/run/docker.sock (expected: unix:///path/to/docker.sock or tcp://HOST:PORT)",
            "unix:// | docker endpoint: unix:// (expected: unix:///path/to/docker.sock or tcp://HOST:PORT)",
            "unix:/// | docker endpoint: unix:/// (expected: unix:///path/to/docker.sock)",
            "tcp://10.0.0.5 | docker endpoint: tcp://10.0.0.5 (expected: tcp://HOST:PORT)",
            "tcp://10.0.0.5:2375/v1 | docker endpoint: tcp://10.0.0.5:2375/v1 (expected: tcp://HOST:PORT)",
            "tcp://a b:1 | docker endpoint: tcp://a b:1 (expected: unix:///path/to/docker.sock or tcp://HOST:PORT)"})
    void rejectsMalformedEndpoints(String endpoint, String message) {
        assertThatThrownBy(() -> DockerEndpoint.parse(endpoint))
                .isInstanceOfSatisfying(DockerSourceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_ENDPOINT))
                .hasMessage(message);
    }

    @Test
    void tlsNeedsADirectoryWithCaCertAndKey(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ca.pem"), "x");

        assertThatThrownBy(() -> DockerEndpoint.parse("tcp://10.0.0.5:2376", Optional.of(dir)))
                .isInstanceOfSatisfying(DockerSourceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_ENDPOINT))
                .hasMessage("docker endpoint: TLS directory " + dir + ": missing cert.pem, key.pem (expected: readable ca.pem, cert.pem, key.pem)");

        Files.writeString(dir.resolve("cert.pem"), "x");
        Files.writeString(dir.resolve("key.pem"), "x");
        DockerEndpoint tls = DockerEndpoint.parse("tcp://10.0.0.5:2376", Optional.of(dir));
        assertThat(tls.isTls()).isTrue();
        assertThat(tls).hasToString("tcp://10.0.0.5:2376 (TLS from " + dir + ")");
    }

    @Test
    void tlsIsOnlyForTcp(@TempDir Path dir) throws IOException {
        for (String file : DockerEndpoint.TLS_FILES) {
            Files.writeString(dir.resolve(file), "x");
        }
        assertThatThrownBy(() -> DockerEndpoint.parse("unix:///var/run/docker.sock", Optional.of(dir)))
                .hasMessage("docker endpoint: unix:///var/run/docker.sock with TLS directory " + dir
                        + " (expected: TLS only with tcp://HOST:PORT)");
    }

    @Test
    void anUnreachableEngineIsUnavailableAndNamed(@TempDir Path dir) {
        String endpoint = "unix://" + dir.resolve("no-such.sock");
        try (DockerSource source = DockerSource.open(DockerEndpoint.parse(endpoint))) {
            assertThatThrownBy(source::listContainers)
                    .isInstanceOfSatisfying(DockerSourceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                    .hasMessageStartingWith("docker engine at " + endpoint + ": version: ");
        }
    }
}
