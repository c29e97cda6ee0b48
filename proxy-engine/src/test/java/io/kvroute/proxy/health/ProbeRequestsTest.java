package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.kv.model.HealthCheck;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The probe request built from a server URL and a spec, and how its status is judged (no sockets). */
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
        HealthCheck spec = Specs.withHeader(Specs.withMethod(Specs.fast("/health?deep=1"), "head"), "X-Probe", "yes")
                .withHostname("app.example.com");

        ProbeRequest request = ProbeRequests.request("http://127.0.0.1:8080", spec);

        assertThat(request.method()).isEqualTo("HEAD");
        assertThat(request.timeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(request.host()).isEqualTo("app.example.com");
        assertThat(request.headers()).containsExactly(Map.entry("X-Probe", "yes"));
        assertThat(request.pathAndQuery()).isEqualTo("/health?deep=1");
        assertThat(request.origin()).hasToString("http://127.0.0.1:8080");
        assertThat(request.followRedirects()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> Host {1}, origin {2}")
    @CsvSource(delimiter = '|', value = {
        "http://127.0.0.1:8080 | 127.0.0.1:8080 | http://127.0.0.1:8080",
        "http://backend        | backend        | http://backend:80",
        "https://backend/api   | backend        | https://backend:443",
        "http://[::1]:81       | [::1]:81       | http://[::1]:81"})
    void withoutHostnameTheHostHeaderNamesTheServer(String url, String host, String origin) {
        ProbeRequest request = ProbeRequests.request(url, Specs.fast("/health"));

        assertThat(request.host()).isEqualTo(host);
        assertThat(request.origin()).hasToString(origin);
    }

    @Test
    void aHostHeaderAmongTheHeadersWinsOverTheHostname() {
        HealthCheck spec = Specs.withHeader(Specs.fast("/health").withHostname("a.example.com"), "host",
                "b.example.com");

        ProbeRequest request = ProbeRequests.request("http://127.0.0.1:8080", spec);

        assertThat(request.host()).isEqualTo("b.example.com");
        assertThat(request.headers()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Connection", "content-length", "Transfer-Encoding", "Upgrade"})
    void aHeaderThatFramesTheMessageIsRefusedByName(String name) {
        HealthCheck spec = Specs.withHeader(Specs.fast("/health"), name, "x");

        assertThatThrownBy(() -> ProbeRequests.request("http://127.0.0.1:8080", spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header \"" + name + "\": set by the prober itself (expected: none of connection, "
                        + "content-length, expect, te, trailer, transfer-encoding, upgrade)");
    }

    @Test
    void aSchemeTheProberDoesNotSpeakIsRefused() {
        assertThatThrownBy(() -> ProbeRequests.request("http://127.0.0.1:8080",
                Specs.fast("/health").withScheme("ftp")))
                .hasMessage("scheme \"ftp\" of ftp://127.0.0.1:8080/health (expected: http, https or h2c)");
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

        assertThat(ProbeRequests.request("http://127.0.0.1:8080", spec).passes(status)).isEqualTo(passes);
    }
}
