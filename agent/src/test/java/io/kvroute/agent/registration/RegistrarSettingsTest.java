package io.kvroute.agent.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrarSettingsTest {
    @Test
    void defaultsAreFifteenSecondLeasesAndThirtySecondReconciles() {
        RegistrarSettings settings = RegistrarSettings.of("node1", "traefik/", "/traefik/");

        assertThat(settings.leaseTtl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.retryBackoff().max()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.watches("/traefik/backends/app/servers/node1--web/url")).isTrue();
        assertThat(settings.watches("other/traefik/http")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "traefik"})
    void rejectsPrefixesThatAreEmptyOrDoNotEndInASlash(String prefix) {
        assertThatThrownBy(() -> RegistrarSettings.of("node1", prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("watched prefix: \"" + prefix + "\" (expected: non-empty, ending in /)");
    }

    @Test
    void rejectsNoPrefixesALeaseBelowOneSecondAndABadNodeName() {
        assertThatThrownBy(() -> new RegistrarSettings("node1", List.of(), Duration.ofSeconds(15),
                Duration.ofSeconds(30), RegistrarSettings.DEFAULT_RETRY_BACKOFF))
                .hasMessage("watchedPrefixes: none (expected: at least one, e.g. traefik/)");
        assertThatThrownBy(() -> RegistrarSettings.of("node1", "traefik/").withLeaseTtl(Duration.ofMillis(500)))
                .hasMessage("leaseTtl: PT0.5S (expected: >= 1s)");
        assertThatThrownBy(() -> RegistrarSettings.of("Node1", "traefik/"))
                .hasMessageStartingWith("node name: 'Node1'");
    }
}
