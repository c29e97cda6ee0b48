package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The test client connects from 127.0.0.1 and sends X-Forwarded-For straight to the middleware. */
class IpAllowListHandlerTest {
    private final MiddlewareEvents events = new MiddlewareEvents();

    private TestServer serve(Middleware middleware) {
        return TestServer.start(MiddlewareChain.build(List.of(middleware), Echo.HANDLER, events).handler());
    }

    private long rejected(String middleware) {
        return events.snapshot().getOrDefault(middleware, java.util.Collections.emptySortedMap())
                .getOrDefault("rejected", 0L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "127.0.0.0/8", "::ffff:127.0.0.1", "0.0.0.0/0"})
    void letsThePeerThroughWhenASourceRangeHasIt(String range) {
        try (TestServer server = serve(DecodedMiddleware.of("admins", "ipAllowList",
                "sourceRange/0", "192.168.0.0/16", "sourceRange/1", range))) {
            assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(200);
            assertThat(rejected("admins")).isZero();
        }
    }

    @Test
    void refusesAnyOtherPeerWith403AndGoText() {
        try (TestServer server = serve(DecodedMiddleware.of("admins", "ipAllowList",
                "sourceRange/0", "192.168.1.7", "sourceRange/1", "::1/128", "sourceRange/2", "10.0.0.0/8"))) {
            HttpResponse<String> response = Http.get(server.uri("/"), "X-Forwarded-For", "10.0.0.1");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).isEqualTo("Forbidden");
            assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
            assertThat(response.headers().firstValue("X-Backend")).isEmpty();
            assertThat(rejected("admins")).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            404 | Not Found
            418 | I'm a teapot
            429 | Too Many Requests
            """)
    void refusesWithTheConfiguredStatusAndItsGoText(int status, String text) {
        try (TestServer server = serve(DecodedMiddleware.of("admins", "ipAllowList",
                "sourceRange/0", "192.0.2.0/24", "rejectStatusCode", Integer.toString(status)))) {
            HttpResponse<String> response = Http.get(server.uri("/"));

            assertThat(response.statusCode()).isEqualTo(status);
            assertThat(response.body()).isEqualTo(text);
        }
    }

    @Test
    void aRejectStatusCodeOfZeroMeans403() {
        try (TestServer server = serve(DecodedMiddleware.of("admins", "ipAllowList",
                "sourceRange/0", "192.0.2.0/24", "rejectStatusCode", "0"))) {
            assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void ipWhiteListIsTheSameCheckAlways403() {
        try (TestServer refusing = serve(DecodedMiddleware.of("old", "ipWhiteList", "sourceRange/0", "192.0.2.1"));
                TestServer allowing = serve(DecodedMiddleware.of("old2", "ipWhiteList",
                        "sourceRange/0", "127.0.0.1"))) {
            HttpResponse<String> refused = Http.get(refusing.uri("/"));

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).isEqualTo("Forbidden");
            assertThat(rejected("old")).isEqualTo(1);
            assertThat(Http.get(allowing.uri("/")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void ipWhiteListHasNoRejectStatusCode() {
        Middleware middleware = new io.kvroute.kv.model.OpaqueMiddleware("old", "ipWhiteList",
                io.kvroute.kv.model.RawSettings.fromJson(new com.fasterxml.jackson.databind.ObjectMapper()
                        .createObjectNode().put("rejectStatusCode", 404)
                        .set("sourceRange", new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode()
                                .add("127.0.0.1"))));

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(middleware), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.SETTING_NOT_APPLIED))
                .hasMessageContaining("rejectStatusCode");
    }

    @Test
    void depthSelectsTheForwardedAddress() {
        try (TestServer server = serve(DecodedMiddleware.of("lb", "ipAllowList",
                "sourceRange/0", "12.0.0.0/8", "ipStrategy/depth", "2"))) {
            assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "10.0.0.1,11.0.0.1,12.0.0.1,13.0.0.1")
                    .statusCode()).isEqualTo(200);
            assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "12.0.0.1,13.0.0.1,10.0.0.1").statusCode())
                    .isEqualTo(403);
            assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "12.0.0.1").statusCode()).isEqualTo(403);
            assertThat(Http.get(server.uri("/")).statusCode()).isEqualTo(403);
        }
    }

    @Test
    void excludedIpsSelectTheFirstAddressNotExcludedFromTheRight() {
        try (TestServer server = serve(DecodedMiddleware.of("lb", "ipAllowList", "sourceRange/0", "11.0.0.1",
                "ipStrategy/excludedIPs/0", "12.0.0.1", "ipStrategy/excludedIPs/1", "13.0.0.1"))) {
            assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "10.0.0.1,11.0.0.1,12.0.0.1,13.0.0.1")
                    .statusCode()).isEqualTo(200);
            assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "11.0.0.1,10.0.0.1,13.0.0.1")
                    .statusCode()).isEqualTo(403);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"11.0.0.1:4711", "[::ffff:11.0.0.1]:80", "fe80::1%eth0"})
    void readsAnEntryWithAPortOrZoneAsTraefiksChecker(String entry) {
        try (TestServer server = serve(DecodedMiddleware.of("lb", "ipAllowList", "sourceRange/0", "11.0.0.1",
                "sourceRange/1", "fe80::/64", "ipStrategy/depth", "1"))) {
            assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "10.0.0.1, " + entry).statusCode())
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"garbage", "[11.0.0.1]", "11.0.0.1.5", "  "})
    void refusesAnEntryThatIsNoAddress(String entry) {
        try (TestServer server = serve(DecodedMiddleware.of("lb", "ipAllowList", "sourceRange/0", "0.0.0.0/0",
                "sourceRange/1", "::/0", "ipStrategy/depth", "1"))) {
            assertThat(Http.get(server.uri("/"), "X-Forwarded-For", "10.0.0.1," + entry).statusCode())
                    .isEqualTo(403);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ipAllowList | sourceRange/0     | 10.0.0.0/33 | sourceRange ["10.0.0.0/33"] (expected: IPv4 or IPv6 addresses or CIDR ranges; '10.0.0.0/33' (expected: a prefix length from 0 to 32))
            ipAllowList | sourceRange/0     | example.com | sourceRange ["example.com"] (expected: IPv4 or IPv6 addresses or CIDR ranges; 'example.com' (expected: an IPv4 or IPv6 address or CIDR range))
            ipAllowList | rejectStatusCode  | 999         | rejectStatusCode 999 (expected: an HTTP status from 200 to 599 such as 403 or 404)
            ipAllowList | rejectStatusCode  | 100         | rejectStatusCode 100 (expected: an HTTP status from 200 to 599 such as 403 or 404)
            ipAllowList | rejectStatusCode  | -403        | rejectStatusCode -403 (expected: an HTTP status from 200 to 599 such as 403 or 404)
            ipWhiteList | ipStrategy/depth  | 1           | sourceRange (not set) (expected: at least one IP address or CIDR range)
            """)
    void refusesSettingsThatCannotWork(String type, String field, String value, String message) {
        Middleware middleware = field.startsWith("sourceRange")
                ? DecodedMiddleware.of("m", type, field, value)
                : DecodedMiddleware.of("m", type, "sourceRange/0", "10.0.0.1", field, value);
        if (type.equals("ipWhiteList")) {
            middleware = DecodedMiddleware.of("m", type, field, value);
        }
        Middleware built = middleware;

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(built), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessage("middleware \"m\" (" + type + "): " + message);
    }
}
