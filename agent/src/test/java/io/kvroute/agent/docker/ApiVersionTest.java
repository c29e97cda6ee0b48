package io.kvroute.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.core.RemoteApiVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiVersionTest {
    @ParameterizedTest(name = "engine {0}, supported {1} -> {2}")
    @CsvSource({"1.41, 1.44, 1.41", "1.44, 1.44, 1.44", "1.47, 1.44, 1.44", "1.9, 1.10, 1.9", "2.0, 1.44, 1.44", "1.12, 1.41, 1.12"})
    void negotiatesTheLowerVersion(String engine, String supported, String expected) {
        assertThat(ApiVersion.negotiate(ApiVersion.parse(engine), ApiVersion.parse(supported))).isEqualTo(ApiVersion.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.", "1.x", "v1.41", "1.41.0", "0.5", "1.-1"})
    void rejectsMalformedVersions(String text) {
        assertThatThrownBy(() -> ApiVersion.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("api version: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.41", "1.9", "2.0"})
    void printsAsParsed(String text) {
        assertThat(ApiVersion.parse(text)).hasToString(text);
    }

    @Test
    void supportedMaxIsDockerJavasNewest() {
        assertThat(ApiVersion.SUPPORTED_MAX.toString()).isEqualTo(RemoteApiVersion.VERSION_1_44.getVersion());
        assertThat(ApiVersion.parse(" 1.41 ")).isEqualTo(new ApiVersion(1, 41));
    }
}
