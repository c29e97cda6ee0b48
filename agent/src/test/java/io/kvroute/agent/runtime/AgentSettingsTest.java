package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.agent.discovery.BuildSettings;
import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.docker.DockerEndpoint;
import io.kvroute.kv.layout.Layout;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentSettingsTest {
    private static final AgentSettings DEFAULTS = AgentSettings.defaults("node1");

    @Test
    void defaultsAreTheCommandLineContractsDefaults() {
        assertThat(DEFAULTS.layout()).isEqualTo(Layout.V3);
        assertThat(DEFAULTS.prefix()).isEqualTo("traefik");
        assertThat(DEFAULTS.ttl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(DEFAULTS.drainGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(DEFAULTS.healthAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 8082));
        assertThat(DEFAULTS.docker()).isEmpty();
        assertThat(DEFAULTS.exposedByDefault()).isTrue();
        assertThat(DEFAULTS.defaultRule()).isEqualTo(DefaultRule.TRAEFIK);
    }

    @Test
    void keysLieUnderThePrefixAndV1OnEtcdUnderALeadingSlash() {
        assertThat(DEFAULTS.withPrefix("/edge/").watchedPrefix()).isEqualTo("edge/");
        assertThat(DEFAULTS.withPrefix("/edge/").withLayout(Layout.V1).watchedPrefix()).isEqualTo("/edge/");
        assertThat(DEFAULTS.withLayout(Layout.V1).buildSettings())
                .isEqualTo(new BuildSettings("node1", Layout.V1, "traefik", "/traefik"));
        AgentSettings consul = new AgentSettings("node1", Layout.V1, "traefik", false, Optional.empty(),
                DEFAULTS.ttl(), Optional.empty(), Optional.empty(), true, DefaultRule.TRAEFIK, Optional.empty(),
                DEFAULTS.drainGrace(), DEFAULTS.healthAddress(), DEFAULTS.reconcileInterval());
        assertThat(consul.watchedPrefix()).isEqualTo("traefik/");
    }

    static Stream<Arguments> invalid() {
        DockerEndpoint docker = DockerEndpoint.parse("unix:///var/run/docker.sock");
        return Stream.of(
                Arguments.of((Supplier<AgentSettings>) () -> AgentSettings.defaults("Node_1"),
                        "--node-name: 'Node_1' (expected: lower-case letters, digits and single '-', starting with "
                                + "a letter, at most 63 characters)"),
                Arguments.of((Supplier<AgentSettings>) () -> DEFAULTS.withPrefix("/"),
                        "--prefix: \"/\" (expected: a root key such as traefik)"),
                Arguments.of((Supplier<AgentSettings>) () -> DEFAULTS.withTtl(Duration.ofMillis(500)),
                        "--ttl: 500ms (expected: >= 1s)"),
                Arguments.of((Supplier<AgentSettings>) () -> DEFAULTS.withDrainGrace(Duration.ofSeconds(-1)),
                        "--drain-grace: -1000ms (expected: >= 0s)"),
                Arguments.of((Supplier<AgentSettings>) () -> DEFAULTS.withDocker(docker, " "),
                        "--host-ip: \"\" (expected: an IP address)"),
                Arguments.of((Supplier<AgentSettings>) () -> new AgentSettings("node1", Layout.V3, "traefik", true,
                                Optional.empty(), DEFAULTS.ttl(), Optional.of(docker), Optional.empty(), true,
                                DefaultRule.TRAEFIK, Optional.empty(), DEFAULTS.drainGrace(), DEFAULTS.healthAddress(),
                                DEFAULTS.reconcileInterval()),
                        "--host-ip: none (expected: this host's IP address, needed with --docker)"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidValuesNameTheFlagAndTheExpectation(Supplier<AgentSettings> settings, String message) {
        assertThatThrownBy(settings::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
