package io.kvroute.kv.rule;

import static io.kvroute.kv.rule.Matcher.CLIENT_IP;
import static io.kvroute.kv.rule.Matcher.HEADER;
import static io.kvroute.kv.rule.Matcher.HEADER_REGEXP;
import static io.kvroute.kv.rule.Matcher.HOST;
import static io.kvroute.kv.rule.Matcher.HOST_REGEXP;
import static io.kvroute.kv.rule.Matcher.METHOD;
import static io.kvroute.kv.rule.Matcher.PATH;
import static io.kvroute.kv.rule.Matcher.PATH_PREFIX;
import static io.kvroute.kv.rule.Matcher.PATH_REGEXP;
import static io.kvroute.kv.rule.Matcher.QUERY;
import static io.kvroute.kv.rule.Matcher.QUERY_REGEXP;
import static io.kvroute.kv.rule.Trees.and;
import static io.kvroute.kv.rule.Trees.m;
import static io.kvroute.kv.rule.Trees.not;
import static io.kvroute.kv.rule.Trees.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class V3RuleParserTest {
    static Stream<Arguments> matchers() {
        return Stream.of(
                Arguments.of("Host(`kv1.localhost`)", m(HOST, "kv1.localhost")),
                Arguments.of("Host(`kv2.localhost`)", m(HOST, "kv2.localhost")),
                Arguments.of("Host(`app.example.com`)", m(HOST, "app.example.com")),
                Arguments.of("Host(`API.Example.COM`)", m(HOST, "API.Example.COM")),
                Arguments.of("Host(`*.example.com`)", m(HOST, "*.example.com")),
                Arguments.of("HostRegexp(`^[a-z]+\\.example\\.com$`)", m(HOST_REGEXP, "^[a-z]+\\.example\\.com$")),
                Arguments.of("Path(`/test`)", m(PATH, "/test")),
                Arguments.of("PathPrefix(`/api`)", m(PATH_PREFIX, "/api")),
                Arguments.of("PathRegexp(`^/users/[0-9]+$`)", m(PATH_REGEXP, "^/users/[0-9]+$")),
                Arguments.of("Method(`GET`)", m(METHOD, "GET")),
                Arguments.of("Method(`post`)", m(METHOD, "POST")),
                Arguments.of("Header(`X-Env`, `prod`)", m(HEADER, "X-Env", "prod")),
                Arguments.of("HeaderRegexp(`X-Env`, `^pr.*$`)", m(HEADER_REGEXP, "X-Env", "^pr.*$")),
                Arguments.of("Query(`debug`)", m(QUERY, "debug")),
                Arguments.of("Query(`mobile`, `true`)", m(QUERY, "mobile", "true")),
                Arguments.of("QueryRegexp(`id`)", m(QUERY_REGEXP, "id")),
                Arguments.of("QueryRegexp(`id`, `^[0-9]+$`)", m(QUERY_REGEXP, "id", "^[0-9]+$")),
                Arguments.of("ClientIP(`10.0.0.0/8`)", m(CLIENT_IP, "10.0.0.0/8")),
                Arguments.of("ClientIP(`192.168.1.7`)", m(CLIENT_IP, "192.168.1.7")),
                Arguments.of("ClientIP(`::1`)", m(CLIENT_IP, "::1")),
                Arguments.of("ClientIP(`2001:db8::/32`)", m(CLIENT_IP, "2001:db8::/32")),
                Arguments.of("ClientIP(`::ffff:10.0.0.1/104`)", m(CLIENT_IP, "::ffff:10.0.0.1/104")),
                Arguments.of("ClientIP(`0.0.0.0/0`)", m(CLIENT_IP, "0.0.0.0/0")));
    }

    static Stream<Arguments> spellings() {
        return Stream.of(
                Arguments.of("host(`a`)", m(HOST, "a")),
                Arguments.of("HOST(`a`)", m(HOST, "a")),
                Arguments.of("pathprefix(`/a`)", m(PATH_PREFIX, "/a")),
                Arguments.of("PATHPREFIX(`/a`)", m(PATH_PREFIX, "/a")),
                Arguments.of("Pathprefix(`/a`)", m(PATH_PREFIX, "/a")),
                Arguments.of("clientip(`::1`)", m(CLIENT_IP, "::1")),
                Arguments.of("CLIENTIP(`::1`)", m(CLIENT_IP, "::1")),
                Arguments.of("Clientip(`::1`)", m(CLIENT_IP, "::1")),
                Arguments.of("Headerregexp(`K`, `v`)", m(HEADER_REGEXP, "K", "v")),
                Arguments.of("header(`K`, `v`)", m(HEADER, "K", "v")),
                Arguments.of("Host(`a`,)", m(HOST, "a")));
    }

    /** Lists of values, which v2 rules ({@code ruleSyntax=v2}) read as an OR and Traefik v3 refuses. */
    static Stream<Arguments> v2MultiArgumentForms() {
        return Stream.of(
                Arguments.of("Host(`a`,`b`)", or(m(HOST, "a"), m(HOST, "b")), "Host expects 1 argument, got 2"),
                Arguments.of("Host(`a`, `b`, `c`)", or(or(m(HOST, "a"), m(HOST, "b")), m(HOST, "c")),
                        "Host expects 1 argument, got 3"),
                Arguments.of("Method(`GET`,`POST`)", or(m(METHOD, "GET"), m(METHOD, "POST")),
                        "Method expects 1 argument, got 2"),
                Arguments.of("PathPrefix(`/a`,`/b`)", or(m(PATH_PREFIX, "/a"), m(PATH_PREFIX, "/b")),
                        "PathPrefix expects 1 argument, got 2"),
                Arguments.of("Path(`/a`,`/b`)", or(m(PATH, "/a"), m(PATH, "/b")), "Path expects 1 argument, got 2"),
                Arguments.of("HostRegexp(`a`,`b`)", or(m(HOST_REGEXP, "a"), m(HOST_REGEXP, "b")),
                        "HostRegexp expects 1 argument, got 2"),
                Arguments.of("ClientIP(`10.0.0.1`,`::1`)", or(m(CLIENT_IP, "10.0.0.1"), m(CLIENT_IP, "::1")),
                        "ClientIP expects 1 argument, got 2"),
                Arguments.of("HostHeader(`a`,`b`)", or(m(HOST, "a"), m(HOST, "b")), "unknown matcher 'HostHeader'"),
                Arguments.of("Headers(`K`, `v`)", m(HEADER, "K", "v"), "unknown matcher 'Headers'"),
                Arguments.of("HeadersRegexp(`K`, `v.*`)", m(HEADER_REGEXP, "K", "v.*"),
                        "unknown matcher 'HeadersRegexp'"),
                Arguments.of("Host(`a`,`b`) && Path(`/x`)", and(or(m(HOST, "a"), m(HOST, "b")), m(PATH, "/x")),
                        "Host expects 1 argument, got 2"));
    }

    static Stream<Arguments> operators() {
        Match a = m(HOST, "a");
        Match b = m(PATH, "/b");
        Match c = m(METHOD, "GET");
        Match d = m(QUERY, "d");
        return Stream.of(
                Arguments.of("Host(`a`) && Path(`/b`)", and(a, b)),
                Arguments.of("Host(`a`) || Path(`/b`)", or(a, b)),
                Arguments.of("!Host(`a`)", not(a)),
                Arguments.of("!!Host(`a`)", not(not(a))),
                Arguments.of("! Host(`a`)", not(a)),
                Arguments.of("Host(`a`) && Path(`/b`) && Method(`GET`)", and(and(a, b), c)),
                Arguments.of("Host(`a`) || Path(`/b`) || Method(`GET`)", or(or(a, b), c)),
                Arguments.of("Host(`a`) || Path(`/b`) && Method(`GET`)", or(a, and(b, c))),
                Arguments.of("Host(`a`) && Path(`/b`) || Method(`GET`)", or(and(a, b), c)),
                Arguments.of("(Host(`a`) || Path(`/b`)) && Method(`GET`)", and(or(a, b), c)),
                Arguments.of("Host(`a`) && (Path(`/b`) && Method(`GET`))", and(a, and(b, c))),
                Arguments.of("!Host(`a`) && Path(`/b`)", and(not(a), b)),
                Arguments.of("!(Host(`a`) && Path(`/b`))", not(and(a, b))),
                Arguments.of("Host(`a`) && !Path(`/b`) || !Method(`GET`) && Query(`d`)",
                        or(and(a, not(b)), and(not(c), d))),
                Arguments.of("((Host(`a`)))", a),
                Arguments.of("Host(`a`)&&Path(`/b`)", and(a, b)),
                Arguments.of("  Host ( `a` )\n\t&&\r\nPath(`/b`)  ", and(a, b)),
                Arguments.of("Host(`a`) && !(Path(`/b`) || !(Method(`GET`) && Query(`d`)))",
                        and(a, not(or(b, not(and(c, d)))))));
    }

    static Stream<Arguments> quoting() {
        return Stream.of(
                Arguments.of("Host(\"a.com\")", "a.com"),
                Arguments.of("Host(`a\"b`)", "a\"b"),
                Arguments.of("Host(`a\\nb`)", "a\\nb"),
                Arguments.of("Host(\"a\\\"b\")", "a\"b"),
                Arguments.of("Host(\"a\\\\b\")", "a\\b"),
                Arguments.of("Host(\"a\\nb\\tc\")", "a\nb\tc"),
                Arguments.of("Host(\"\\a\\b\\f\\r\\v\")", "\u0007\b\f\r\u000b"),
                Arguments.of("Host(\"\\x41\\102\")", "AB"),
                Arguments.of("Host(\"\\u00e9\")", "\u00e9"),
                Arguments.of("Host(\"\\U0001F600\")", "\uD83D\uDE00"),
                Arguments.of("Host(\"\\xc3\\xa9\")", "\u00e9"),
                Arguments.of("Host(\"caf\u00e9\")", "caf\u00e9"),
                Arguments.of("Host(`a\r\nb`)", "a\nb"),
                Arguments.of("Host(`a`)", "a"),
                Arguments.of("Host(\"it's\")", "it's"));
    }

    @ParameterizedTest
    @MethodSource({"matchers", "spellings", "operators"})
    void parsesToTree(String text, RuleExpr expected) {
        Rule rule = RuleParser.parseV3(text);

        assertThat(rule.expr()).isEqualTo(expected);
        assertThat(rule.text()).isEqualTo(text);
        assertThat(rule.syntax()).isEqualTo(RuleSyntax.V3);
    }

    @ParameterizedTest
    @MethodSource("v2MultiArgumentForms")
    void v3RefusesWhatOnlyV2Accepts(String text, RuleExpr v2Tree, String v3Error) {
        assertThatThrownBy(() -> RuleParser.parseV3(text))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining(v3Error)
                .hasMessageContaining("Traefik v2");
        assertThat(RuleParser.parseV2(text).expr()).isEqualTo(v2Tree);
    }

    @ParameterizedTest
    @MethodSource("quoting")
    void decodesGoStringLiterals(String text, String expectedArgument) {
        RuleExpr expr = RuleParser.parse(text.replace("Host(", "Header(`K`, "), RuleSyntax.V3).expr();

        assertThat(expr).isEqualTo(m(HEADER, "K", expectedArgument));
    }
}
