package io.kvroute.proxy.routing;

import static io.kvroute.proxy.routing.FakeRequest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.kvroute.kv.rule.Match;
import io.kvroute.kv.rule.Matcher;
import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.rule.RuleSyntaxException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class V3MatchersTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                // Host: case-insensitive, port stripped, trailing dot tolerated on either side
                arguments("Host(`a.com`)", get("a.com", "/"), true),
                arguments("Host(`a.com`)", get("A.COM", "/"), true),
                arguments("Host(`A.com`)", get("a.com", "/"), true),
                arguments("Host(`a.com`)", get("a.com:8080", "/"), true),
                arguments("Host(`a.com`)", get("a.com.", "/"), true),
                arguments("Host(`a.com.`)", get("a.com:80", "/"), true),
                arguments("Host(`a.com`)", get("b.com", "/"), false),
                arguments("Host(`a.com`)", get("xa.com", "/"), false),
                arguments("Host(`a.com`)", get("", "/"), false),
                arguments("Host(`::1`)", get("[::1]:8080", "/"), true),
                // v3.7 wildcards: one label; * everything
                arguments("Host(`*.a.com`)", get("x.a.com", "/"), true),
                arguments("Host(`*.a.com`)", get("X.A.com:443", "/"), true),
                arguments("Host(`*.a.com`)", get("x.a.com.", "/"), true),
                arguments("Host(`*.a.com`)", get("a.com", "/"), false),
                arguments("Host(`*.a.com`)", get("x.y.a.com", "/"), false),
                arguments("Host(`*.a.com`)", get("x.b.com", "/"), false),
                arguments("Host(`*`)", get("anything.example", "/"), true),
                arguments("Host(`*`)", get("", "/"), false),
                // HostRegexp: Go MatchString = find, on the lower-cased host without port
                arguments("HostRegexp(`a\\.com`)", get("xa.com.evil:80", "/"), true),
                arguments("HostRegexp(`^[a-z]+\\.a\\.com$`)", get("Shop.a.com", "/"), true),
                arguments("HostRegexp(`^[a-z]+\\.a\\.com$`)", get("x.shop.a.com", "/"), false),
                // Path exact, PathPrefix string prefix, PathRegexp find
                arguments("Path(`/x`)", get("a", "/x"), true),
                arguments("Path(`/x`)", get("a", "/x/"), false),
                arguments("Path(`/x`)", get("a", "/X"), false),
                arguments("PathPrefix(`/api`)", get("a", "/api/users"), true),
                arguments("PathPrefix(`/api`)", get("a", "/apiv2"), true),
                arguments("PathPrefix(`/api/`)", get("a", "/api"), false),
                arguments("PathRegexp(`/[0-9]+$`)", get("a", "/users/42"), true),
                arguments("PathRegexp(`^/[0-9]+$`)", get("a", "/users/42"), false),
                arguments("PathRegexp(`(?<id>[0-9]+)`)", get("a", "/u/7"), true),
                // Method
                arguments("Method(`get`)", get("a", "/"), true),
                arguments("Method(`POST`)", get("a", "/"), false),
                // Header exact on any value; HeaderRegexp find on any value; names case-insensitive
                arguments("Header(`X-Env`, `prod`)", get("a", "/").header("x-env", "dev", "prod"), true),
                arguments("Header(`X-Env`, `prod`)", get("a", "/").header("X-Env", "production"), false),
                arguments("Header(`X-Env`, `prod`)", get("a", "/"), false),
                arguments("HeaderRegexp(`X-Env`, `^pr`)", get("a", "/").header("X-Env", "dev", "production"), true),
                arguments("HeaderRegexp(`X-Env`, `od`)", get("a", "/").header("X-Env", "prod"), true),
                arguments("HeaderRegexp(`X-Env`, `^od`)", get("a", "/").header("X-Env", "prod"), false),
                // Query: value exact on any value; Query(`k`) needs an empty value; QueryRegexp find
                arguments("Query(`k`, `v`)", get("a", "/").query("k", "x", "v"), true),
                arguments("Query(`k`, `v`)", get("a", "/").query("k", "vv"), false),
                arguments("Query(`k`)", get("a", "/").query("k", ""), true),
                arguments("Query(`k`)", get("a", "/").query("k", "v"), false),
                arguments("Query(`k`)", get("a", "/"), false),
                arguments("QueryRegexp(`k`, `^[0-9]+$`)", get("a", "/").query("k", "x", "12"), true),
                arguments("QueryRegexp(`k`, `[0-9]`)", get("a", "/").query("k", "a1b"), true),
                arguments("QueryRegexp(`k`, `^[0-9]+$`)", get("a", "/").query("k", "1a"), false),
                arguments("QueryRegexp(`k`)", get("a", "/").query("k", ""), true),
                // ClientIP against the remote address, v4 and v6, exact and CIDR
                arguments("ClientIP(`10.0.0.0/8`)", get("a", "/").from("10.1.2.3"), true),
                arguments("ClientIP(`10.0.0.0/8`)", get("a", "/").from("11.0.0.1"), false),
                arguments("ClientIP(`10.0.0.0/8`)", get("a", "/").from("::ffff:10.9.9.9"), true),
                arguments("ClientIP(`10.0.0.0/8`)", get("a", "/").from("2001:db8::1"), false),
                arguments("ClientIP(`10.0.0.0/8`)", get("a", "/"), false),
                arguments("ClientIP(`192.168.1.0/25`)", get("a", "/").from("192.168.1.127"), true),
                arguments("ClientIP(`192.168.1.0/25`)", get("a", "/").from("192.168.1.128"), false),
                arguments("ClientIP(`192.168.1.7`)", get("a", "/").from("192.168.1.7"), true),
                arguments("ClientIP(`192.168.1.7`)", get("a", "/").from("192.168.1.8"), false),
                arguments("ClientIP(`0.0.0.0/0`)", get("a", "/").from("203.0.113.9"), true),
                arguments("ClientIP(`2001:db8::/32`)", get("a", "/").from("2001:db8:ffff::1"), true),
                arguments("ClientIP(`2001:db8::/32`)", get("a", "/").from("2001:db9::1"), false),
                arguments("ClientIP(`2001:db8::/32`)", get("a", "/").from("10.0.0.1"), false),
                arguments("ClientIP(`::1`)", get("a", "/").from("::1"), true),
                arguments("ClientIP(`2001:db8::/127`)", get("a", "/").from("2001:db8::1"), true),
                arguments("ClientIP(`2001:db8::/127`)", get("a", "/").from("2001:db8::2"), false),
                // operators
                arguments("Host(`a.com`) && PathPrefix(`/api`)", get("a.com", "/api/x"), true),
                arguments("Host(`a.com`) && PathPrefix(`/api`)", get("a.com", "/web"), false),
                arguments("Host(`a.com`) || Host(`b.com`)", get("b.com", "/"), true),
                arguments("Host(`a.com`) && !PathPrefix(`/admin`)", get("a.com", "/admin/x"), false),
                arguments("Host(`a.com`) && !PathPrefix(`/admin`)", get("a.com", "/shop"), true),
                arguments("!(Host(`a.com`) || Host(`b.com`))", get("c.com", "/"), true));
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("cases")
    void matches(String rule, FakeRequest request, boolean expected) {
        CompiledRule compiled = RuleCompiler.compile(RuleParser.parseV3(rule));
        assertThat(compiled.matches(request)).isEqualTo(expected);
        assertThat(compiled.rewrites()).isEqualTo(PathRewrites.NONE);
    }

    /** Traefik v3 refuses a list in one call (its router is disabled); v2 rules read it as an OR. */
    @ParameterizedTest
    @ValueSource(strings = {"Host(`a.com`, `b.com`)", "Method(`GET`, `POST`)", "PathPrefix(`/a`, `/b`)",
        "ClientIP(`10.0.0.1`, `::1`)", "Headers(`X`, `1`)", "HostHeader(`b.com`)"})
    void v3RefusesWhatOnlyV2Routes(String rule) {
        assertThatThrownBy(() -> RuleParser.parseV3(rule)).isInstanceOf(RuleSyntaxException.class);
        assertThat(RuleParser.parseV2(rule).syntax()).isEqualTo(RuleSyntax.V2);
    }

    @Test
    void aV2HostListMatchesEveryHost() {
        CompiledRule compiled = RuleCompiler.compile(RuleParser.parseV2("Host(`a.com`, `b.com`)"));

        assertThat(compiled.matches(get("a.com", "/"))).isTrue();
        assertThat(compiled.matches(get("b.com", "/"))).isTrue();
        assertThat(compiled.matches(get("c.com", "/"))).isFalse();
    }

    @Test
    void v1OnlyMatcherIsNotAV3Matcher() {
        assertThatThrownBy(() -> V3Matchers.leaf(Match.of(Matcher.PATH_STRIP, "/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matcher: PathStrip (expected: a v3 matcher; it exists only in v1 rules)");
    }
}
