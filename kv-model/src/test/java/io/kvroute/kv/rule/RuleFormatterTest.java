package io.kvroute.kv.rule;

import static io.kvroute.kv.rule.Matcher.CLIENT_IP;
import static io.kvroute.kv.rule.Matcher.HEADER;
import static io.kvroute.kv.rule.Matcher.HOST;
import static io.kvroute.kv.rule.Matcher.METHOD;
import static io.kvroute.kv.rule.Matcher.PATH;
import static io.kvroute.kv.rule.Matcher.PATH_REGEXP;
import static io.kvroute.kv.rule.Matcher.PATH_STRIP;
import static io.kvroute.kv.rule.Matcher.QUERY;
import static io.kvroute.kv.rule.Matcher.REPLACE_PATH_REGEX;
import static io.kvroute.kv.rule.Trees.and;
import static io.kvroute.kv.rule.Trees.m;
import static io.kvroute.kv.rule.Trees.not;
import static io.kvroute.kv.rule.Trees.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RuleFormatterTest {
    private static final Match A = m(HOST, "a");
    private static final Match B = m(PATH, "/b");
    private static final Match C = m(METHOD, "GET");

    static Stream<Arguments> v3Texts() {
        return Stream.of(
                Arguments.of(A, "Host(`a`)"),
                Arguments.of(m(HEADER, "K", "v"), "Header(`K`, `v`)"),
                Arguments.of(m(QUERY, "k"), "Query(`k`)"),
                Arguments.of(and(and(A, B), C), "Host(`a`) && Path(`/b`) && Method(`GET`)"),
                Arguments.of(and(A, and(B, C)), "Host(`a`) && (Path(`/b`) && Method(`GET`))"),
                Arguments.of(or(or(A, B), C), "Host(`a`) || Path(`/b`) || Method(`GET`)"),
                Arguments.of(or(A, or(B, C)), "Host(`a`) || (Path(`/b`) || Method(`GET`))"),
                Arguments.of(or(A, and(B, C)), "Host(`a`) || Path(`/b`) && Method(`GET`)"),
                Arguments.of(or(and(A, B), C), "Host(`a`) && Path(`/b`) || Method(`GET`)"),
                Arguments.of(and(or(A, B), C), "(Host(`a`) || Path(`/b`)) && Method(`GET`)"),
                Arguments.of(and(A, or(B, C)), "Host(`a`) && (Path(`/b`) || Method(`GET`))"),
                Arguments.of(not(A), "!Host(`a`)"),
                Arguments.of(not(not(A)), "!!Host(`a`)"),
                Arguments.of(not(and(A, B)), "!(Host(`a`) && Path(`/b`))"),
                Arguments.of(not(or(A, B)), "!(Host(`a`) || Path(`/b`))"),
                Arguments.of(and(not(A), not(B)), "!Host(`a`) && !Path(`/b`)"),
                Arguments.of(m(HEADER, "K", "a`b"), "Header(`K`, \"a`b\")"),
                Arguments.of(m(HEADER, "K", "`\"\\\n\t\u0001\u00e9"), "Header(`K`, \"`\\\"\\\\\\n\\t\\x01\u00e9\")"),
                Arguments.of(m(HEADER, "K", "cr\r"), "Header(`K`, \"cr\\r\")"),
                Arguments.of(m(HEADER, "K", "say \"hi\"\n"), "Header(`K`, `say \"hi\"\n`)"));
    }

    static Stream<Arguments> v1Texts() {
        return Stream.of(
                Arguments.of("Host:nginx.example.com"),
                Arguments.of("Host:test.localhost"),
                Arguments.of("Path:/test"),
                Arguments.of("Host:example.com;PathPrefixStrip:/api"),
                Arguments.of("Host:a,b,c;Path:/x"),
                Arguments.of("Method:GET,POST"),
                Arguments.of("Headers:K,V,K2,V2"),
                Arguments.of("Host:x;Headers:A,1,B,2"),
                Arguments.of("Host:x;Headers:A,1;Headers:B,2"),
                Arguments.of("Headers:K, "),
                Arguments.of("HeadersRegexp:K,a.*"),
                Arguments.of("Query:k=v,k2="),
                Arguments.of("ReplacePathRegex:^/api/(.*) /v2/$1"),
                Arguments.of("HostRegexp:{sub:[a-z]+}.example.com;PathStripRegex:/x/{id:[0-9]+}"),
                Arguments.of("PathStrip:/a,/b;AddPrefix:/v1;ReplacePath:/z"),
                Arguments.of("PathPrefixStripRegex:/{v:v[12]}"));
    }

    static Stream<Arguments> notExpressibleInV1() {
        return Stream.of(
                Arguments.of(not(A), "negation ('!') has no v1 form"),
                Arguments.of(and(A, not(B)), "negation ('!') has no v1 form"),
                Arguments.of(or(A, B), "an OR may only list values of one matcher, found Host and Path"),
                Arguments.of(or(A, and(B, C)), "an OR may only list values of one matcher, found an AND inside it"),
                Arguments.of(or(A, not(m(HOST, "b"))), "negation ('!') has no v1 form"),
                Arguments.of(or(m(PATH_STRIP, "/a"), and(B, C)),
                        "an OR may only list values of one matcher, found an AND inside it"),
                Arguments.of(or(m(HEADER, "K", "1"), m(HEADER, "K", "2")), "Header values cannot be ORed in v1"),
                Arguments.of(m(CLIENT_IP, "::1"), "ClientIP is not a v1 matcher"),
                Arguments.of(or(m(CLIENT_IP, "::1"), m(CLIENT_IP, "::2")), "ClientIP is not a v1 matcher"),
                Arguments.of(and(A, m(PATH_REGEXP, "^/x")), "PathRegexp is not a v1 matcher"),
                Arguments.of(m(HOST, "a,b"), "Host argument 'a,b' contains ',' or ';'"),
                Arguments.of(m(HOST, "a;b"), "Host argument 'a;b' contains ',' or ';'"),
                Arguments.of(m(HOST, " a"), "Host argument ' a' has leading or trailing spaces (v1 trims them)"),
                Arguments.of(m(QUERY, "k", ""), "Query(`k`, ``) has an empty value; v1 'Query:k=' means Query(`k`)"),
                Arguments.of(m(QUERY, "k", "a=b"), "Query key or value 'k=a=b' contains '='"),
                Arguments.of(m(REPLACE_PATH_REGEX, "^/a b", "/c"),
                        "ReplacePathRegex regular expression '^/a b' contains a space"));
    }

    @ParameterizedTest
    @MethodSource("v3Texts")
    void writesCanonicalV3(RuleExpr expr, String expected) {
        assertThat(RuleFormatter.toV3(expr)).isEqualTo(expected);
        assertThat(RuleParser.parseV3(expected).expr()).isEqualTo(expr);
    }

    @ParameterizedTest
    @MethodSource({"io.kvroute.kv.rule.V3RuleParserTest#matchers", "io.kvroute.kv.rule.V3RuleParserTest#operators"})
    void v3RoundTripsParsedTrees(String text, RuleExpr expr) {
        assertThat(RuleParser.parseV3(RuleFormatter.toV3(expr)).expr()).isEqualTo(expr);
    }

    /** v2 value lists, which Traefik v3 refuses as written, convert to v3 text it takes: an OR of one-value calls. */
    @ParameterizedTest
    @MethodSource("io.kvroute.kv.rule.V3RuleParserTest#v2MultiArgumentForms")
    void v2ListsConvertToV3TextTraefikV3Takes(String v2Text, RuleExpr v2Tree) {
        String v3Text = RuleFormatter.toV3(RuleParser.parseV2(v2Text).expr());

        assertThat(RuleParser.parseV3(v3Text).expr()).isEqualTo(v2Tree);
    }

    /** The v1 layout's conversion: a v1 value list becomes an OR of one-value v3 calls, never a list in one call. */
    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "Host:a,b,c;Path:/x#(Host(`a`) || Host(`b`) || Host(`c`)) && Path(`/x`)",
        "Method:GET,POST#Method(`GET`) || Method(`POST`)",
        "PathPrefix:/a,/b#PathPrefix(`/a`) || PathPrefix(`/b`)"})
    void v1ListsConvertToOrsOfSingleV3Calls(String v1Text, String v3Text) {
        RuleExpr expr = RuleParser.parseV1(v1Text).expr();

        assertThat(RuleFormatter.toV3(expr)).isEqualTo(v3Text);
        assertThat(RuleParser.parseV3(v3Text).expr()).isEqualTo(expr);
    }

    /**
     * What the v1 layout's rules mean under v3: mux templates become the anchored regular expressions gorilla/mux made
     * of them, {@code Query:k=} (any value) {@code QueryRegexp(`k`, `.*`)}, an empty header value the header with any
     * value; the result is text Traefik v3 takes (no empty argument).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "Host:a,b;Path:/x#(Host(`a`) || Host(`b`)) && Path(`/x`)",
        "Query:k=#QueryRegexp(`k`, `.*`)",
        "Query:k=v#Query(`k`, `v`)",
        "Query:k={v:[0-9]+}#QueryRegexp(`k`, `^(?:[0-9]+)$`)",
        "Query:k={v}#QueryRegexp(`k`, `^(?:.*)$`)",
        "Path:/a/{id:[0-9]+}#PathRegexp(`^/a/(?:[0-9]+)$`)",
        "Path:/a.b/{id}#PathRegexp(`^/a\\.b/(?:[^/]+)$`)",
        "PathPrefix:/api/{v:v[12]}#PathRegexp(`^/api/(?:v[12])`)",
        "PathPrefix:/api#PathPrefix(`/api`)",
        "HostRegexp:{sub:[a-z]+}.a.com#HostRegexp(`(?i)^(?:[a-z]+)\\.a\\.com$`)",
        "HostRegexp:a.com#HostRegexp(`(?i)^a\\.com$`)",
        "Headers:X-A, ;Path:/x#HeaderRegexp(`X-A`, `.*`) && Path(`/x`)",
        "Headers:X-A,1#Header(`X-A`, `1`)",
        "HeadersRegexp:X-A, ;Path:/x#HeaderRegexp(`X-A`, `.*`) && Path(`/x`)"})
    void v1RulesConvertToV3TextOfTheSameMeaning(String v1Text, String v3Text) {
        String converted = RuleFormatter.v1ToV3(RuleParser.parseV1(v1Text).expr());

        assertThat(converted).isEqualTo(v3Text);
        assertThat(RuleParser.parseV3(converted).text()).isEqualTo(v3Text);
    }

    /** The v2 layout's conversion keeps the mux templates (Traefik v2 matches with gorilla/mux as 1.7 did). */
    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "Host:a,b;Path:/a/{id:[0-9]+}#(Host(`a`) || Host(`b`)) && Path(`/a/{id:[0-9]+}`)",
        "Query:k=#Query(`k=`)",
        "Query:k={v:[0-9]+}#Query(`k={v:[0-9]+}`)",
        "Headers:X-A,1#Headers(`X-A`, `1`)",
        "Headers:X-A,1#Headers(`X-A`, `1`)",
        "Headers:X-A, ;Path:/x#HeadersRegexp(`X-A`, `.*`) && Path(`/x`)"})
    void v1RulesConvertToV2TextOfTheSameMeaning(String v1Text, String v2Text) {
        String converted = RuleFormatter.v1ToV2(RuleParser.parseV1(v1Text).expr());

        assertThat(converted).isEqualTo(v2Text);
        assertThat(RuleParser.parseV2(converted).text()).isEqualTo(v2Text);
    }

    /** A v3 rule converts to v2 only where the v2 text reads back as the same tree with the same meaning. */
    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "Path(`/a}b`)#Path",
        "PathPrefix(`/a{b`)#PathPrefix",
        "Query(`a=b`, `c`)#Query",
        "Query(`a{b`, `c`)#Query",
        "Query(`k`, `v}`)#Query"})
    void v3ToV2RefusesWhatV2ReadsOtherwise(String v3Text, String matcher) {
        assertThatThrownBy(() -> RuleFormatter.v3ToV2(RuleParser.parseV3(v3Text).expr()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not expressible in Traefik v2 syntax with the same meaning: " + matcher + "(");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "Query(`k`, `v`)#Query(`k=v`)",
        "Path(`/a.b`) && !Method(`GET`)#Path(`/a.b`) && !Method(`GET`)"})
    void v3ToV2RoundTrips(String v3Text, String v2Text) {
        RuleExpr v3 = RuleParser.parseV3(v3Text).expr();

        assertThat(RuleFormatter.v3ToV2(v3)).isEqualTo(v2Text);
        assertThat(RuleParser.parseV2(v2Text).expr()).isEqualTo(v3);
    }

    /** A v1 rule whose converted text the target syntax refuses is refused, naming the text. */
    @Test
    void v1ConversionsRefuseTextTheTargetRefuses() {
        RuleExpr idn = RuleParser.parseV1("Host:bücher.example").expr();

        assertThatThrownBy(() -> RuleFormatter.v1ToV3(idn)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Traefik v3 syntax refuses Host(`bücher.example`): ")
                .hasMessageContaining("non-ASCII");
        assertThatThrownBy(() -> RuleFormatter.v1ToV2(idn)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Traefik v2 syntax refuses Host(`bücher.example`): ");
    }

    @Test
    void v3RoundTripsRandomTrees() {
        RandomTrees trees = new RandomTrees(20240601L);
        IntStream.range(0, 2000).forEach(i -> {
            RuleExpr expr = trees.v3Tree(4);
            String text = RuleFormatter.toV3(expr);
            assertThat(RuleParser.parseV3(text).expr()).as(text).isEqualTo(expr);
        });
    }

    @Test
    void v3RejectsV1OnlyMatchers() {
        assertThatThrownBy(() -> RuleFormatter.toV3(and(A, m(PATH_STRIP, "/a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not expressible in v3: PathStrip is a v1-only matcher");
    }

    @ParameterizedTest
    @MethodSource("v1Texts")
    void writesCanonicalV1(String text) {
        RuleExpr expr = RuleParser.parseV1(text).expr();

        assertThat(RuleFormatter.toV1(expr)).isEqualTo(text);
    }

    @ParameterizedTest
    @MethodSource({"io.kvroute.kv.rule.V1RuleParserTest#seeds", "io.kvroute.kv.rule.V1RuleParserTest#matchers",
        "io.kvroute.kv.rule.V1RuleParserTest#multiValueForms", "io.kvroute.kv.rule.V1RuleParserTest#routes"})
    void v1RoundTripsParsedTrees(String text, RuleExpr expr) {
        assertThat(RuleParser.parseV1(RuleFormatter.toV1(expr)).expr()).isEqualTo(expr);
    }

    @Test
    void v1RoundTripsRandomTrees() {
        RandomTrees trees = new RandomTrees(7L);
        IntStream.range(0, 1000).forEach(i -> {
            RuleExpr expr = trees.v1Tree(1 + i % 5);
            String text = RuleFormatter.toV1(expr);
            assertThat(RuleParser.parseV1(text).expr()).as(text).isEqualTo(expr);
        });
    }

    @Test
    void v1FlattensRightNestedAndOrAsText() {
        assertThat(RuleFormatter.toV1(and(A, and(B, C)))).isEqualTo("Host:a;Path:/b;Method:GET");
        assertThat(RuleFormatter.toV1(or(A, or(m(HOST, "b"), m(HOST, "c"))))).isEqualTo("Host:a,b,c");
    }

    @Test
    void v1MergesAdjacentTermListsThatFormOneTree() {
        RuleExpr headers = RuleParser.parseV1("Headers:A,1,B,2;Headers:C,3").expr();
        RuleExpr queries = RuleParser.parseV1("Query:a=1;Query:b=").expr();

        assertThat(RuleFormatter.toV1(headers)).isEqualTo("Headers:A,1,B,2,C,3");
        assertThat(RuleFormatter.toV1(queries)).isEqualTo("Query:a=1,b=");
        assertThat(RuleParser.parseV1("Headers:A,1,B,2,C,3").expr()).isEqualTo(headers);
        assertThat(RuleParser.parseV1("Query:a=1,b=").expr()).isEqualTo(queries);
    }

    @Test
    void v3TreeWithinV1ConvertsBothWays() {
        RuleExpr expr = RuleParser.parseV3("(Host(`a`) || Host(`b`)) && PathPrefix(`/api`)").expr();

        assertThat(RuleFormatter.toV1(expr)).isEqualTo("Host:a,b;PathPrefix:/api");
        assertThat(RuleParser.parseV1("Host:a,b;PathPrefix:/api").expr()).isEqualTo(expr);
    }

    @ParameterizedTest
    @MethodSource("notExpressibleInV1")
    void v1RejectsWhatV1CannotSay(RuleExpr expr, String reason) {
        assertThatThrownBy(() -> RuleFormatter.toV1(expr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not expressible in v1: " + reason);
    }
}
