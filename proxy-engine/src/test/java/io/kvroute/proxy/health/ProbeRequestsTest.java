package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.model.HealthCheck;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The probe request built from a server URL and a spec (no sockets). */
class ProbeRequestsTest {
    @ParameterizedTest(name = "{0} + path {1}, port {2}, scheme {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "http://127.0.0.1:8080      | /health         | -    | -     | http://127.0.0.1:8080/health",
        "http://127.0.0.1:8080/     | /health         | -    | -     | http://127.0.0.1:8080/health",
        "http://127.0.0.1:8080/api  | /health         | -    | -     | http://127.0.0.1:8080/api/health",
        "http://127.0.0.1:8080/api/ | health          | -    | -     | http://127.0.0.1:8080/api/health",
        "http://127.0.0.1:8080      | /health?deep=1  | -    | -     | http://127.0.0.1:8080/health?deep=1",
        "http://127.0.0.1:8080      | /health         | 9090 | -     | http://127.0.0.1:9090/health",
        "http://127.0.0.1:8080      | /health         | -    | HTTPS | https://127.0.0.1:8080/health",
        "http://backend             | -               | -    | -     | http://backend/",
        "http://backend             | /ready          | 81   | -     | http://backend:81/ready",
        "http://[::1]:8080          | /h              | -    | -     | http://[::1]:8080/h"})
    void buildsTheProbeUriLikeTraefik(String server, String path, Integer port, String scheme, String expected) {
        HealthCheck spec = new HealthCheck(Optional.ofNullable(scheme), Optional.empty(), Optional.ofNullable(path),
                Optional.empty(), OptionalInt.empty(),
                port == null ? OptionalInt.empty() : OptionalInt.of(port), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                ImmutableSortedMap.of());

        assertThat(ProbeRequests.uri(server, spec)).hasToString(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not a url    | url \"not a url\": Illegal character in path (expected: scheme://host:port)",
        "/just/a/path | url \"/just/a/path\" (expected: scheme://host:port)"})
    void namesAServerUrlItCannotProbe(String url, String message) {
        assertThatThrownBy(() -> ProbeRequests.uri(url, HealthCheck.ofPath("/health")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void requestCarriesMethodTimeoutHostAndHeaders() {
        HealthCheck spec = Specs.withHeader(Specs.withMethod(Specs.fast("/health"), "head"), "X-Probe", "yes")
                .withHostname("app.example.com");

        HttpRequest request = ProbeRequests.request("http://127.0.0.1:8080", spec);

        assertThat(request.method()).isEqualTo("HEAD");
        assertThat(request.timeout()).contains(Duration.ofMillis(200));
        assertThat(request.headers().firstValue("Host")).contains("app.example.com");
        assertThat(request.headers().firstValue("X-Probe")).contains("yes");
    }

    @Test
    void aHeaderTheJdkClientRefusesIsNamed() {
        HealthCheck spec = Specs.withHeader(Specs.fast("/health"), "Connection", "close");

        assertThatThrownBy(() -> ProbeRequests.request("http://127.0.0.1:8080", spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("header \"Connection\": refused by the JDK HTTP client (")
                .hasMessageEndingWith("; expected: a header it may send)");
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> ProbeRequests.request("http://127.0.0.1:8080",
                Specs.fast("/health").withTimeout(Duration.ZERO)))
                .hasMessage("timeout: 0s (expected: > 0)");
    }

    @ParameterizedTest(name = "spec status {0}, answer {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
        "-, 199, false", "-, 200, true", "-, 399, true", "-, 400, false",
        "204, 204, true", "204, 200, false", "503, 503, true"})
    void judgesTheStatus(Integer expected, int status, boolean passes) {
        HealthCheck spec = expected == null ? HealthCheck.ofPath("/") : Specs.withStatus(HealthCheck.ofPath("/"),
                expected);

        assertThat(ProbeRequests.passes(spec, status)).isEqualTo(passes);
    }
}
