package io.kvroute.proxy.routing;

import static io.kvroute.proxy.routing.FakeRequest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntaxException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The cases of Traefik v3.7 {@code pkg/muxer/http/matcher_v2_test.go}, and the v3 meaning of the same rules. */
class V2MatchersTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                // ClientIP: any of several ranges
                arguments("ClientIP(`127.0.0.1`, `192.168.1.0/24`)", get("a", "/").from("127.0.0.1"), true),
                arguments("ClientIP(`127.0.0.1`, `192.168.1.0/24`)", get("a", "/").from("192.168.1.1"), true),
                arguments("ClientIP(`127.0.0.1`, `192.168.1.0/24`)", get("a", "/").from("10.0.0.1"), false),
                arguments("ClientIP(`127.0.0.1`)", get("a", "/"), false),
                // Method: any of several, case of the rule ignored
                arguments("Method(`GET`, `POST`)", get("a", "/").method("POST"), true),
                arguments("Method(`GET`, `POST`)", get("a", "/").method("PUT"), false),
                arguments("Method(`get`)", get("a", "/").method("GET"), true),
                // Host/HostHeader: any of several, lower-cased, trailing dot on either side, no wildcard
                arguments("Host(`example.com`, `example.org`)", get("example.org", "/path"), true),
                arguments("HostHeader(`example.com`)", get("example.com:8080", "/"), true),
                arguments("Host(`example.com.`)", get("example.com", "/"), true),
                arguments("Host(`example.com`)", get("example.com.", "/"), true),
                arguments("Host(`EXAMPLE.COM`)", get("example.com", "/"), true),
                arguments("Host(`xn--9t9h.com`)", get("xn--9t9h.com", "/"), true),
                arguments("Host(`example.com`)", get("example.org", "/"), false),
                arguments("Host(`*.example.com`)", get("a.example.com", "/"), false),
                arguments("Host(`example.com`)", get("", "/"), false),
                // HostRegexp: mux host templates over the whole host, ignoring case; literal text is literal
                arguments("HostRegexp(`(example.com`)", get("example.com", "/"), false),
                arguments("HostRegexp(`example.com`, `example.org`)", get("example.com:8080", "/"), true),
                arguments("HostRegexp(`example.com`, `example.org`)", get("example.org", "/path"), true),
                arguments("HostRegexp(`example.com`)", get("example.com.evil", "/"), false),
                arguments("HostRegexp(`^[A-Z]+\\.com$`)", get("EXAMPLE.com", "/"), false),
                arguments("HostRegexp(`{domain:[a-zA-Z-]+\\.com}`)", get("example.com", "/path"), true),
                arguments("HostRegexp(`{domain:[a-zA-Z-]+\\.com}`)", get("example.org", "/"), false),
                arguments("HostRegexp(`{subdomain:(foo\\.)?bar\\.com}`)", get("foo.bar.com", "/"), true),
                arguments("HostRegexp(`{subdomain:(foo\\.)?bar\\.com}`)", get("bar.com", "/"), true),
                arguments("HostRegexp(`{subdomain:(foo\\.)?bar\\.com}`)", get("fooubar.com", "/"), false),
                arguments("HostRegexp(`{subdomain:(?:foo\\.)?bar\\.com}`)", get("barucom", "/"), false),
                arguments("HostRegexp(`{dummy:[a-z-]+\\.bar\\.com}`)", get("FOO.bar.com", "/"), true),
                arguments("HostRegexp(`{dummy:[a-z-]+\\.bar\\.com}`)", get("barcom", "/"), false),
                arguments("HostRegexp(`foo.bar.com`)", get("FOO.bar.com", "/"), true),
                arguments("HostRegexp(`foo.bar.com`)", get("fooubar.com", "/"), false),
                arguments("HostRegexp(`{sub}.a.com`)", get("x.a.com", "/"), true),
                arguments("HostRegexp(`{sub}.a.com`)", get("x.y.a.com", "/"), false),
                // Path: mux templates over the whole path
                arguments("Path(`/css`, `/js`)", get("a", "/js"), true),
                arguments("Path(`/css`, `/js`)", get("a", "/css/main.css"), false),
                arguments("Path(`/css`)", get("a", "/css"), true),
                arguments("Path(`/css`)", get("a", "/html"), false),
                arguments("Path(`/css{path:(/.*)?}`)", get("a", "/css"), true),
                arguments("Path(`/css{path:(/.*)?}`)", get("a", "/css/main.css"), true),
                arguments("Path(`/css{path:(/.*)?}`)", get("a", "/cssx"), false),
                arguments("Path(`/api/{id:[0-9]+}`)", get("a", "/api/42"), true),
                arguments("Path(`/api/{id:[0-9]+}`)", get("a", "/api/x"), false),
                arguments("Path(`/api/{id}`)", get("a", "/api/x/y"), false),
                // PathPrefix: mux templates as a prefix
                arguments("PathPrefix(`/css`, `/js`)", get("a", "/js/main.js"), true),
                arguments("PathPrefix(\"/css\")", get("a", "/css/main.css"), true),
                arguments("PathPrefix(`/css`)", get("a", "/html"), false),
                arguments("PathPrefix(`/css-{name:[0-9]?}`)", get("a", "/css-1/main.css"), true),
                arguments("PathPrefix(`/css-{name:[0-9]?}`)", get("a", "/css-/main.css"), true),
                arguments("PathPrefix(`/css-{name:[0-9]?}`)", get("a", "/css-x/main.css"), true),
                arguments("PathPrefix(`/css-{name:[0-9]?}`)", get("a", "/css/main.css"), false),
                // Headers: exact value among the header's values, every pair
                arguments("Headers(`X-Forwarded-Proto`, `https`)", get("a", "/").header("X-Forwarded-Proto", "https"),
                        true),
                arguments("Headers(`x-forwarded-proto`, `https`)", get("a", "/").header("X-Forwarded-Proto", "ws",
                        "https"), true),
                arguments("Headers(`X-Forwarded-Proto`, `https`)", get("a", "/").header("X-Forwarded-Proto", "http"),
                        false),
                arguments("Headers(`X-A`, `1`, `X-B`, `2`)", get("a", "/").header("X-A", "1"), false),
                arguments("Headers(`X-A`, `1`, `X-B`, `2`)", get("a", "/").header("X-A", "1").header("X-B", "2"),
                        true),
                // HeadersRegexp: a regular expression found in any value
                arguments("HeadersRegexp(`X-Forwarded-Proto`, `^https?$`)", get("a", "/").header("X-Forwarded-Proto",
                        "http"), true),
                arguments("HeadersRegexp(`x-forwarded-proto`, `^https?$`)", get("a", "/").header("X-Forwarded-Proto",
                        "HTTPS"), false),
                // Query: key=value pairs, all of them, against the first value; k= any value; templates
                arguments("Query(`a=b`)", get("a", "/").query("a", "b"), true),
                arguments("Query(`a=b`)", get("a", "/").query("a", "c", "b"), false),
                arguments("Query(`a=b`)", get("a", "/"), false),
                arguments("Query(`a=b`, `c=d`)", get("a", "/").query("a", "b"), false),
                arguments("Query(`a=b`, `c=d`)", get("a", "/").query("a", "b").query("c", "d"), true),
                arguments("Query(`a=`)", get("a", "/").query("a", "anything"), true),
                arguments("Query(`a=`)", get("a", "/"), false),
                arguments("Query(`id={id:[0-9]+}`)", get("a", "/").query("id", "12"), true),
                arguments("Query(`id={id:[0-9]+}`)", get("a", "/").query("id", "1x"), false),
                // operators as in v3
                arguments("Host(`a.com`) && !Path(`/x/{y}`)", get("a.com", "/x/1"), false),
                arguments("Host(`a.com`) && !Path(`/x/{y}`)", get("a.com", "/x"), true));
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @MethodSource("cases")
    void matches(String rule, FakeRequest request, boolean expected) {
        assertThat(RuleCompiler.compile(RuleParser.parseV2(rule)).matches(request)).isEqualTo(expected);
    }

    static Stream<Arguments> sameTextInV3() {
        return Stream.of(
                arguments("Path(`/api/{id:[0-9]+}`)", get("a", "/api/7"), true, false),
                arguments("Path(`/api/{id:[0-9]+}`)", get("a", "/api/{id:[0-9]+}"), false, true),
                arguments("HostRegexp(`example.com`)", get("example.com.evil", "/"), false, true));
    }

    @Test
    void aHostTemplateIsNoV3Regex() {
        String rule = "HostRegexp(`{sub:[a-z]+}.example.com`)";
        assertThat(RuleCompiler.compile(RuleParser.parseV2(rule)).matches(get("api.example.com", "/"))).isTrue();
        assertThatThrownBy(() -> RuleParser.parseV3(rule)).isInstanceOf(RuleSyntaxException.class);
    }

    @ParameterizedTest(name = "{0} on {1}: v2 {2}, v3 {3}")
    @MethodSource("sameTextInV3")
    void theSameTextMeansSomethingElseInV3(String rule, FakeRequest request, boolean v2, boolean v3) {
        assertThat(RuleCompiler.compile(RuleParser.parseV2(rule)).matches(request)).isEqualTo(v2);
        assertThat(RuleCompiler.compile(RuleParser.parseV3(rule)).matches(request)).isEqualTo(v3);
    }
}
