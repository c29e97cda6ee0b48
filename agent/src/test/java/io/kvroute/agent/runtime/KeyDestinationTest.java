package io.kvroute.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.agent.discovery.BuildSettings;
import io.kvroute.kv.layout.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyDestinationTest {
    @Test
    void keysLieUnderThePrefixAndV1OnEtcdUnderALeadingSlash() {
        assertThat(new KeyDestination(Layout.V3, "/edge/", true).watchedPrefix()).isEqualTo("edge/");
        assertThat(new KeyDestination(Layout.V1, "/edge/", true).watchedPrefix()).isEqualTo("/edge/");
        assertThat(new KeyDestination(Layout.V1, "traefik", false).watchedPrefix()).isEqualTo("traefik/");
        assertThat(new KeyDestination(Layout.V1, "traefik", true).buildSettings("node1"))
                .isEqualTo(new BuildSettings("node1", Layout.V1, "traefik", "/traefik"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "", " "})
    void aPrefixWithoutAKeyNamesTheFlag(String prefix) {
        assertThatThrownBy(() -> new KeyDestination(Layout.V3, prefix, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--prefix: \"" + prefix + "\" (expected: a root key such as traefik)");
    }
}
