package io.kvroute.proxy.routing;

import static io.kvroute.proxy.routing.FakeRequest.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.rule.RuleFormatter;
import io.kvroute.kv.rule.RuleParser;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Traefik v1 rule the agent writes for the v3 layout (and for the v2 layout) matches exactly the requests the v1
 * rule matches: mux templates, {@code Query:k=} with any value, empty header values. A repeated query key is compared
 * for v2 only where it is not repeated: v2 rules (gorilla/mux) look at its first value, kvroute's v1 and v3 rules at
 * every value.
 */
class V1ConversionMatchingTest {
    private static final List<FakeRequest> REQUESTS = List.of(
            get("a.com", "/a/42"), get("a.com", "/a/x"), get("a.com", "/a/42/more"), get("a.com", "/a/"),
            get("A.com:8080", "/a/7"), get("b.a.com", "/api/v1/x"), get("FOO.a.com", "/"),
            get("foo.A.COM", "/"), get("x.y.a.com", "/api/v3"),
            get("shop.a.com", "/a.b/c"), get("shop.a.com", "/aXb/c"),
            get("a.com", "/q").query("k", ""), get("a.com", "/q").query("k", "v"), get("a.com", "/q").query("k", "1"),
            get("a.com", "/q").query("k", "v", "12"), get("a.com", "/q").query("j", "v"), get("a.com", "/q"),
            get("a.com", "/h").header("X-A", ""), get("a.com", "/h").header("X-A", "1"), get("a.com", "/h"));

    @ParameterizedTest
    @ValueSource(strings = {
        "Host:a.com;Path:/a/{id:[0-9]+}",
        "PathPrefix:/api/{v:v[12]}",
        "HostRegexp:{sub:[a-z]+}.a.com",
        "HostRegexp:{sub:[a-z]+}.A.com",
        "HostRegexp:{s:[A-Z]+}.a.com",
        "HostRegexp:{sub}.a.com;Path:/a.b/{rest}",
        "Query:k=",
        "Query:k=v",
        "Query:k={n:[0-9]+}",
        "Query:k={n}",
        "Headers:X-A, ;Path:/h",
        "HeadersRegexp:X-A, ;Path:/h",
        "Headers:X-A,1"})
    void theConvertedRuleMatchesWhatTheV1RuleMatches(String v1Text) {
        var v1 = RuleParser.parseV1(v1Text);
        CompiledRule original = RuleCompiler.compile(v1);
        CompiledRule asV3 = RuleCompiler.compile(RuleParser.parseV3(RuleFormatter.v1ToV3(v1.expr())));
        CompiledRule asV2 = RuleCompiler.compile(RuleParser.parseV2(RuleFormatter.v1ToV2(v1.expr())));

        for (FakeRequest request : REQUESTS) {
            assertThat(asV3.matches(request)).as("v3 %s on %s", asV3.rule().text(), request)
                    .isEqualTo(original.matches(request));
            if (request.query().values().stream().allMatch(values -> values.size() < 2)) {
                assertThat(asV2.matches(request)).as("v2 %s on %s", asV2.rule().text(), request)
                        .isEqualTo(original.matches(request));
            }
        }
        assertThat(REQUESTS).anyMatch(original::matches);
    }
}
