package io.kvroute.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The request that follows a redirect, by the rules of Traefik's Go client (no sockets). */
class ProbeRedirectsTest {
    private static ProbeRequest request(String method, String host, Map<String, String> headers) {
        return new ProbeRequest(URI.create("http://10.0.0.1:8080/health"), method, host, headers,
                Duration.ofSeconds(1), true, OptionalInt.empty(), "10.0.0.1", false);
    }

    @ParameterizedTest(name = "{0} answered {1} -> {2}")
    @CsvSource({"POST, 301, GET", "POST, 302, GET", "PUT, 303, GET", "HEAD, 302, HEAD", "GET, 302, GET",
        "POST, 307, POST", "PUT, 308, PUT"})
    void aMethodOtherThanGetOrHeadBecomesGetAfter301To303(String method, int status, String next) {
        assertThat(ProbeRedirects.next(request(method, "h", Map.of()), status, "/next").method()).isEqualTo(next);
    }

    @Test
    void aRelativeLocationKeepsTheHostHeaderAndResolvesAgainstTheTarget() {
        ProbeRequest next = ProbeRedirects.next(request("GET", "app.example.com", Map.of()), 302, "ready?deep=1");

        assertThat(next.target()).hasToString("http://10.0.0.1:8080/ready?deep=1");
        assertThat(next.host()).isEqualTo("app.example.com");
        assertThat(next.origin()).hasToString("http://10.0.0.1:8080");
    }

    @Test
    void anAbsoluteLocationNamesItsOwnHost() {
        ProbeRequest next = ProbeRedirects.next(request("GET", "app.example.com", Map.of()), 301,
                "https://10.0.0.2/health");

        assertThat(next.host()).isEqualTo("10.0.0.2");
        assertThat(next.origin()).hasToString("https://10.0.0.2:443");
    }

    @Test
    void credentialsStayWithTheFirstHostAndItsSubdomains() {
        Map<String, String> headers = Map.of("Authorization", "Bearer x", "Cookie", "a=b", "X-Probe", "yes");
        ProbeRequest first = new ProbeRequest(URI.create("http://example.com/health"), "GET", "example.com",
                headers, Duration.ofSeconds(1), true, OptionalInt.empty(), "example.com", false);

        assertThat(ProbeRedirects.next(first, 302, "http://api.example.com/h").headers()).isEqualTo(headers);
        assertThat(ProbeRedirects.next(first, 302, "http://other.test/h").headers())
                .containsExactly(Map.entry("X-Probe", "yes"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ftp://10.0.0.1/x | redirect to \"ftp://10.0.0.1/x\" (expected: an http or https URI)",
        "http://[bad     | redirect to \"http://[bad\": Expected closing bracket for IPv6 address (expected: a URI)"})
    void aLocationThatIsNoHttpUriIsNamed(String location, String message) {
        assertThatThrownBy(() -> ProbeRedirects.next(request("GET", "h", Map.of()), 302, location))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0} with Location {1}: {2}")
    @CsvSource(nullValues = "-", value = {"301, /x, true", "308, /x, true", "304, /x, false", "302, -, false",
        "200, /x, false"})
    void onlyRedirectStatusesWithALocationAreFollowed(int status, String location, boolean followed) {
        assertThat(ProbeRedirects.isRedirect(status, location)).isEqualTo(followed);
    }
}
