package io.kvroute.kv.rule;

import static io.kvroute.kv.rule.Matcher.ADD_PREFIX;
import static io.kvroute.kv.rule.Matcher.HEADER;
import static io.kvroute.kv.rule.Matcher.HEADER_REGEXP;
import static io.kvroute.kv.rule.Matcher.HOST;
import static io.kvroute.kv.rule.Matcher.HOST_REGEXP;
import static io.kvroute.kv.rule.Matcher.METHOD;
import static io.kvroute.kv.rule.Matcher.PATH;
import static io.kvroute.kv.rule.Matcher.PATH_PREFIX;
import static io.kvroute.kv.rule.Matcher.PATH_PREFIX_STRIP;
import static io.kvroute.kv.rule.Matcher.PATH_PREFIX_STRIP_REGEX;
import static io.kvroute.kv.rule.Matcher.PATH_STRIP;
import static io.kvroute.kv.rule.Matcher.PATH_STRIP_REGEX;
import static io.kvroute.kv.rule.Matcher.QUERY;
import static io.kvroute.kv.rule.Matcher.REPLACE_PATH;
import static io.kvroute.kv.rule.Matcher.REPLACE_PATH_REGEX;
import static io.kvroute.kv.rule.Trees.and;
import static io.kvroute.kv.rule.Trees.m;
import static io.kvroute.kv.rule.Trees.or;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class V1RuleParserTest {
    static Stream<Arguments> seeds() {
        return Stream.of(
                Arguments.of("Host:nginx.example.com", m(HOST, "nginx.example.com")),
                Arguments.of("Host:test.localhost", m(HOST, "test.localhost")),
                Arguments.of("Path:/test", m(PATH, "/test")),
                Arguments.of("Host:example.com;PathPrefixStrip:/api",
                        and(m(HOST, "example.com"), m(PATH_PREFIX_STRIP, "/api"))));
    }

    static Stream<Arguments> matchers() {
        return Stream.of(
                Arguments.of("Host:A.Example.com", m(HOST, "A.Example.com")),
                Arguments.of("HostRegexp:{sub:[a-z]+}.example.com", m(HOST_REGEXP, "{sub:[a-z]+}.example.com")),
                Arguments.of("HostRegexp:{sub}.example.com", m(HOST_REGEXP, "{sub}.example.com")),
                Arguments.of("Path:/users/{id:[0-9]+}", m(PATH, "/users/{id:[0-9]+}")),
                Arguments.of("PathPrefix:/api", m(PATH_PREFIX, "/api")),
                Arguments.of("PathPrefix:/v{n:[0-9]}", m(PATH_PREFIX, "/v{n:[0-9]}")),
                Arguments.of("PathStrip:/x", m(PATH_STRIP, "/x")),
                Arguments.of("PathPrefixStrip:/api", m(PATH_PREFIX_STRIP, "/api")),
                Arguments.of("PathStripRegex:/x/{id:[0-9]+}", m(PATH_STRIP_REGEX, "/x/{id:[0-9]+}")),
                Arguments.of("PathPrefixStripRegex:/{v:v[12]}", m(PATH_PREFIX_STRIP_REGEX, "/{v:v[12]}")),
                Arguments.of("Method:get", m(METHOD, "GET")),
                Arguments.of("Headers:X-Env,prod", m(HEADER, "X-Env", "prod")),
                Arguments.of("HeadersRegexp:X-Env,^pr.*", m(HEADER_REGEXP, "X-Env", "^pr.*")),
                Arguments.of("Query:mobile=true", m(QUERY, "mobile", "true")),
                Arguments.of("Query:debug=", m(QUERY, "debug")),
                Arguments.of("AddPrefix:/v2", m(ADD_PREFIX, "/v2")),
                Arguments.of("ReplacePath:/serve", m(REPLACE_PATH, "/serve")),
                Arguments.of("ReplacePathRegex:^/api/(.*) /v2/$1", m(REPLACE_PATH_REGEX, "^/api/(.*)", "/v2/$1")),
                Arguments.of("ReplacePathRegex: ^/a  /b ", m(REPLACE_PATH_REGEX, "^/a", "/b")),
                Arguments.of("Host:a:8080", m(HOST, "a:8080")));
    }

    static Stream<Arguments> multiValueForms() {
        return Stream.of(
                Arguments.of("Host:a.com,b.com", or(m(HOST, "a.com"), m(HOST, "b.com"))),
                Arguments.of("Host:a, b ,c", or(or(m(HOST, "a"), m(HOST, "b")), m(HOST, "c"))),
                Arguments.of("Host:a,,b,", or(m(HOST, "a"), m(HOST, "b"))),
                Arguments.of("HostRegexp:{a:x}.com,{b:y}.com",
                        or(m(HOST_REGEXP, "{a:x}.com"), m(HOST_REGEXP, "{b:y}.com"))),
                Arguments.of("Path:/x,/y", or(m(PATH, "/x"), m(PATH, "/y"))),
                Arguments.of("PathPrefix:/x,/y", or(m(PATH_PREFIX, "/x"), m(PATH_PREFIX, "/y"))),
                Arguments.of("Method:GET,POST", or(m(METHOD, "GET"), m(METHOD, "POST"))),
                Arguments.of("PathStrip:/a,/b", or(m(PATH_STRIP, "/a"), m(PATH_STRIP, "/b"))),
                Arguments.of("PathPrefixStrip:/a,/b", or(m(PATH_PREFIX_STRIP, "/a"), m(PATH_PREFIX_STRIP, "/b"))),
                Arguments.of("PathStripRegex:/a,/b", or(m(PATH_STRIP_REGEX, "/a"), m(PATH_STRIP_REGEX, "/b"))),
                Arguments.of("PathPrefixStripRegex:/a,/b",
                        or(m(PATH_PREFIX_STRIP_REGEX, "/a"), m(PATH_PREFIX_STRIP_REGEX, "/b"))),
                Arguments.of("Headers:K,V,K2,V2", and(m(HEADER, "K", "V"), m(HEADER, "K2", "V2"))),
                Arguments.of("Headers:A,1,B,2,C,3",
                        and(and(m(HEADER, "A", "1"), m(HEADER, "B", "2")), m(HEADER, "C", "3"))),
                Arguments.of("Headers:K, ", m(HEADER, "K", "")),
                Arguments.of("HeadersRegexp:K,a.*,K2,b+",
                        and(m(HEADER_REGEXP, "K", "a.*"), m(HEADER_REGEXP, "K2", "b+"))),
                Arguments.of("Query:k=v,k2=", and(m(QUERY, "k", "v"), m(QUERY, "k2"))));
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("Host:a;Path:/b;Method:GET", and(and(m(HOST, "a"), m(PATH, "/b")), m(METHOD, "GET"))),
                Arguments.of(" Host : a ; Path : /b ", and(m(HOST, "a"), m(PATH, "/b"))),
                Arguments.of("Host:a;", m(HOST, "a")),
                Arguments.of(";;Host:a;;Path:/b;", and(m(HOST, "a"), m(PATH, "/b"))),
                Arguments.of("Host:a,b;PathPrefixStrip:/api",
                        and(or(m(HOST, "a"), m(HOST, "b")), m(PATH_PREFIX_STRIP, "/api"))),
                Arguments.of("Host:x;Headers:A,1,B,2",
                        and(m(HOST, "x"), and(m(HEADER, "A", "1"), m(HEADER, "B", "2")))),
                Arguments.of("Host:x;Headers:A,1;Headers:B,2",
                        and(and(m(HOST, "x"), m(HEADER, "A", "1")), m(HEADER, "B", "2"))),
                Arguments.of("Host:example.com;PathPrefixStrip:/api;AddPrefix:/v1;ReplacePathRegex:^/(.*) /x/$1",
                        and(and(and(m(HOST, "example.com"), m(PATH_PREFIX_STRIP, "/api")), m(ADD_PREFIX, "/v1")),
                                m(REPLACE_PATH_REGEX, "^/(.*)", "/x/$1"))));
    }

    @ParameterizedTest
    @MethodSource({"seeds", "matchers", "multiValueForms", "routes"})
    void parsesToTree(String text, RuleExpr expected) {
        Rule rule = RuleParser.parseV1(text);

        assertThat(rule.expr()).isEqualTo(expected);
        assertThat(rule.text()).isEqualTo(text);
        assertThat(rule.syntax()).isEqualTo(RuleSyntax.V1);
    }
}
