package io.kvroute.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.layout.Layout;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrarSettingsTest {
    @Test
    void defaultsAreFifteenSecondLeasesThirtySecondReconcilesAndRetriesWithinASecond() {
        RegistrarSettings settings = RegistrarSettings.of("node1", LeaseTiming.DEFAULT, "traefik/", "/traefik/");

        assertThat(settings.lease().ttl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.lease().reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.retryBackoff().max()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.watches("/traefik/backends/app/servers/node1--web/url")).isTrue();
        assertThat(settings.watches("other/traefik/http")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "traefik"})
    void rejectsPrefixesThatAreEmptyOrDoNotEndInASlash(String prefix) {
        assertThatThrownBy(() -> RegistrarSettings.of("node1", LeaseTiming.DEFAULT, prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("watched prefix: \"" + prefix + "\" (expected: non-empty, ending in /)");
    }

    @Test
    void rejectsNoPrefixesAndABadNodeName() {
        assertThatThrownBy(() -> new RegistrarSettings("node1", Layout.V3, List.of(), LeaseTiming.DEFAULT,
                RegistrarSettings.DEFAULT_RETRY_BACKOFF))
                .hasMessage("watchedPrefixes: none (expected: at least one, e.g. traefik/)");
        assertThatThrownBy(() -> RegistrarSettings.of("Node1", LeaseTiming.DEFAULT, "traefik/"))
                .hasMessageStartingWith("node name: 'Node1'");
    }
}
