package io.kvroute.kv.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class MatcherTest {
    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of(Matcher.HOST, "Host", "Host", 1, 1, true),
                Arguments.of(Matcher.HOST_REGEXP, "HostRegexp", "HostRegexp", 1, 1, true),
                Arguments.of(Matcher.PATH, "Path", "Path", 1, 1, true),
                Arguments.of(Matcher.PATH_PREFIX, "PathPrefix", "PathPrefix", 1, 1, true),
                Arguments.of(Matcher.PATH_REGEXP, "PathRegexp", null, 1, 1, false),
                Arguments.of(Matcher.METHOD, "Method", "Method", 1, 1, true),
                Arguments.of(Matcher.HEADER, "Header", "Headers", 2, 2, false),
                Arguments.of(Matcher.HEADER_REGEXP, "HeaderRegexp", "HeadersRegexp", 2, 2, false),
                Arguments.of(Matcher.QUERY, "Query", "Query", 1, 2, false),
                Arguments.of(Matcher.QUERY_REGEXP, "QueryRegexp", null, 1, 2, false),
                Arguments.of(Matcher.CLIENT_IP, "ClientIP", null, 1, 1, true),
                Arguments.of(Matcher.PATH_STRIP, null, "PathStrip", 1, 1, true),
                Arguments.of(Matcher.PATH_PREFIX_STRIP, null, "PathPrefixStrip", 1, 1, true),
                Arguments.of(Matcher.PATH_STRIP_REGEX, null, "PathStripRegex", 1, 1, true),
                Arguments.of(Matcher.PATH_PREFIX_STRIP_REGEX, null, "PathPrefixStripRegex", 1, 1, true),
                Arguments.of(Matcher.ADD_PREFIX, null, "AddPrefix", 1, 1, false),
                Arguments.of(Matcher.REPLACE_PATH, null, "ReplacePath", 1, 1, false),
                Arguments.of(Matcher.REPLACE_PATH_REGEX, null, "ReplacePathRegex", 2, 2, false));
    }

    @ParameterizedTest
    @MethodSource("names")
    void knowsNamesAndArity(Matcher matcher, String v3Name, String v1Name, int min, int max, boolean alternatives) {
        assertThat(matcher.v3Name()).isEqualTo(Optional.ofNullable(v3Name));
        assertThat(matcher.v1Name()).isEqualTo(Optional.ofNullable(v1Name));
        assertThat(matcher.canonicalName()).isEqualTo(v3Name != null ? v3Name : v1Name);
        assertThat(matcher.minArgs()).isEqualTo(min);
        assertThat(matcher.maxArgs()).isEqualTo(max);
        assertThat(matcher.listsAlternatives()).isEqualTo(alternatives);
        assertThat(Matcher.fromV3Name(String.valueOf(v3Name))).isEqualTo(Optional.ofNullable(v3Name).map(n -> matcher));
        if (v1Name != null) {
            assertThat(Matcher.fromV1Name(v1Name)).contains(matcher);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "PathPrefix, PATH_PREFIX", "pathprefix, PATH_PREFIX", "PATHPREFIX, PATH_PREFIX", "Pathprefix, PATH_PREFIX",
        "ClientIP, CLIENT_IP", "clientip, CLIENT_IP", "CLIENTIP, CLIENT_IP", "Clientip, CLIENT_IP",
        "Header, HEADER", "header, HEADER", "HEADER, HEADER",
        "HeaderRegexp, HEADER_REGEXP", "headerregexp, HEADER_REGEXP", "Headerregexp, HEADER_REGEXP"})
    void acceptsV3CaseVariants(String spelling, Matcher expected) {
        assertThat(Matcher.fromV3Name(spelling)).contains(expected);
    }

    /** Traefik v3's {@code httpFuncs} knows neither v1-only names nor the v2 spellings. */
    @ParameterizedTest
    @CsvSource({"pathPrefix", "PathPREFIX", "Hots", "PathStrip", "AddPrefix", "''",
        "Headers", "headers", "HEADERS", "HeadersRegexp", "headersregexp", "Headersregexp",
        "HostHeader", "hostheader", "HOSTHEADER", "Hostheader"})
    void rejectsOtherV3Spellings(String spelling) {
        assertThat(Matcher.fromV3Name(spelling)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"host", "HOST", "Header", "PathRegexp", "ClientIP", "HostHeader"})
    void v1NamesAreExact(String spelling) {
        assertThat(Matcher.fromV1Name(spelling)).isEmpty();
    }

    @Test
    void listsNamesInDeclarationOrder() {
        assertThat(Matcher.v3Names()).containsExactly("Host", "HostRegexp", "Path", "PathPrefix", "PathRegexp",
                "Method", "Header", "HeaderRegexp", "Query", "QueryRegexp", "ClientIP");
        assertThat(Matcher.v1Names()).containsExactly("Host", "HostRegexp", "Path", "PathPrefix", "Method", "Headers",
                "HeadersRegexp", "Query", "PathStrip", "PathPrefixStrip", "PathStripRegex", "PathPrefixStripRegex",
                "AddPrefix", "ReplacePath", "ReplacePathRegex");
    }

    @Test
    void matchEnforcesArity() {
        assertThatThrownBy(() -> Match.of(Matcher.HOST, "a", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("args: 2 values for Host (expected: 1)");
        assertThatThrownBy(() -> Match.of(Matcher.QUERY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("args: 0 values for Query (expected: 1 or 2)");
        assertThatThrownBy(() -> Match.of(Matcher.HEADER, "K", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void matchCopiesItsArguments() {
        List<String> args = new ArrayList<>(List.of("a"));
        Match match = new Match(Matcher.HOST, args);
        args.set(0, "b");

        assertThat(match.args()).containsExactly("a");
        assertThatThrownBy(() -> match.args().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }
}
