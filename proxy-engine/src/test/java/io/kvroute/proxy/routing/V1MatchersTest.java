package io.kvroute.proxy.routing;

import static io.kvroute.proxy.routing.FakeRequest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.kvroute.kv.rule.RuleParser;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class V1MatchersTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                // Host list, case-insensitive, port stripped
                arguments("Host:a.com,b.com", get("B.com:8080", "/"), true),
                arguments("Host:A.com", get("a.com", "/"), true),
                arguments("Host:a.com,b.com", get("c.com", "/"), false),
                // HostRegexp: mux template on the whole host
                arguments("HostRegexp:{sub:[a-z]+}.a.com", get("shop.a.com", "/"), true),
                arguments("HostRegexp:{sub:[a-z]+}.a.com", get("x.shop.a.com", "/"), false),
                arguments("HostRegexp:{sub}.a.com", get("x.a.com", "/"), true),
                arguments("HostRegexp:{sub}.a.com", get("xa.com", "/"), false),
                // ... ignoring case, as Traefik's mux fork compiles host templates with (?i)
                arguments("HostRegexp:{sub:[a-z]+}.A.com", get("shop.a.com", "/"), true),
                arguments("HostRegexp:{s:[A-Z]+}.a.com", get("shop.a.com", "/"), true),
                // Path: exact or whole-path template; dots in literals are literal
                arguments("Path:/x,/y", get("a", "/y"), true),
                arguments("Path:/x", get("a", "/x/"), false),
                arguments("Path:/users/{id:[0-9]+}", get("a", "/users/42"), true),
                arguments("Path:/users/{id:[0-9]+}", get("a", "/users/42/x"), false),
                arguments("Path:/users/{id}", get("a", "/users/abc"), true),
                arguments("Path:/users/{id}", get("a", "/users/a/b"), false),
                arguments("Path:/a.b", get("a", "/axb"), false),
                // PathPrefix: plain string prefix, or template prefix
                arguments("PathPrefix:/api", get("a", "/apiv2"), true),
                arguments("PathPrefix:/api", get("a", "/web"), false),
                arguments("PathPrefix:/v{n:[0-9]+}/", get("a", "/v2/users"), true),
                arguments("PathPrefix:/v{n:[0-9]+}/", get("a", "/vx/users"), false),
                // strip forms match like their plain counterparts
                arguments("PathStrip:/x", get("a", "/x"), true),
                arguments("PathStrip:/x", get("a", "/x/y"), false),
                arguments("PathPrefixStrip:/a,/b", get("a", "/b/c"), true),
                arguments("PathPrefixStrip:/a,/b", get("a", "/c"), false),
                arguments("PathStripRegex:/u/{id:[0-9]+}", get("a", "/u/1"), true),
                arguments("PathStripRegex:/u/{id:[0-9]+}", get("a", "/u/1/x"), false),
                arguments("PathPrefixStripRegex:/u/{id:[0-9]+}", get("a", "/u/1/x"), true),
                // Method list, Headers, HeadersRegexp, Query
                arguments("Method:GET,POST", get("a", "/").method("POST"), true),
                arguments("Method:PUT", get("a", "/"), false),
                arguments("Headers:X-Env,prod", get("a", "/").header("x-env", "dev", "prod"), true),
                arguments("Headers:X-Env,prod,X-Tier,gold", get("a", "/").header("X-Env", "prod"), false),
                arguments("Headers:X-Env,prod,X-Tier,gold", get("a", "/").header("X-Env", "prod").header("X-Tier", "gold"),
                        true),
                arguments("HeadersRegexp:X-Env,^pr", get("a", "/").header("X-Env", "production"), true),
                arguments("HeadersRegexp:X-Env,^pr", get("a", "/").header("X-Env", "dev"), false),
                arguments("Query:k=v", get("a", "/").query("k", "v"), true),
                arguments("Query:k=v", get("a", "/").query("k", "vv"), false),
                arguments("Query:k=", get("a", "/").query("k", "anything"), true),
                arguments("Query:k=", get("a", "/"), false),
                arguments("Query:k={n:[0-9]+}", get("a", "/").query("k", "12"), true),
                arguments("Query:k={n:[0-9]+}", get("a", "/").query("k", "12a"), false),
                arguments("Query:k=v,j=w", get("a", "/").query("k", "v"), false),
                // rewrite-only parts match everything; parts are ANDed
                arguments("AddPrefix:/p", get("a", "/x"), true),
                arguments("ReplacePath:/p", get("a", "/x"), true),
                arguments("ReplacePathRegex:^/a/(.*) /b/$1", get("a", "/x"), true),
                arguments("Host:a.com;PathPrefixStrip:/api", get("a.com", "/api/x"), true),
                arguments("Host:a.com;PathPrefixStrip:/api", get("b.com", "/api/x"), false));
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("cases")
    void matches(String rule, FakeRequest request, boolean expected) {
        assertThat(RuleCompiler.compile(RuleParser.parseV1(rule)).matches(request)).isEqualTo(expected);
    }
}
