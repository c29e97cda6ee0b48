package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.agent.discovery.BuildSettings;
import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.registration.LeaseTiming;
import io.kvroute.kv.layout.Layout;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {
    private static final KeyDestination KEYS = new KeyDestination(Layout.V3, "traefik", true);
    private static final DiscoverySources NOTHING = new DiscoverySources(Optional.empty(), Optional.empty(), false,
            DefaultRule.TRAEFIK);
    private static final InetSocketAddress HEALTH = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void buildsUnderItsKeyDestinationForItsNode() {
        AgentSettings settings = new AgentSettings("node1", KEYS, NOTHING, LeaseTiming.DEFAULT, Duration.ZERO, HEALTH);

        assertThat(settings.buildSettings()).isEqualTo(new BuildSettings("node1", Layout.V3, "traefik", "/traefik"));
    }

    @Test
    void aNegativeDrainGraceNamesTheFlag() {
        assertThatThrownBy(() -> new AgentSettings("node1", KEYS, NOTHING, LeaseTiming.DEFAULT, Duration.ofSeconds(-1),
                HEALTH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--drain-grace: -1000ms (expected: >= 0s)");
    }
}
