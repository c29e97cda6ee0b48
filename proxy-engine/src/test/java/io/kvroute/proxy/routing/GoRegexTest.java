package io.kvroute.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoRegexTest {
    @Test
    void goNamedGroupsCompile() {
        assertThat(GoRegex.find(GoRegex.compile("(?P<id>[0-9]+)"), "/u/7")).isTrue();
    }

    @Test
    void replacementExpandsGoReferences() {
        var pattern = GoRegex.compile("^/(?P<first>[a-z]+)/([0-9]+)$");
        assertThat(GoRegex.replaceAll(pattern, "/ab/12", "/$2/${first}/${2}x/$first")).isEqualTo("/12/ab/12x/ab");
        assertThat(GoRegex.replaceAll(pattern, "/ab/12", "$9|$nope|$$|${|$")).isEqualTo("||$|${|$");
        assertThat(GoRegex.replaceAll(GoRegex.compile("o"), "foo", "0")).isEqualTo("f00");
    }

    @Test
    void anEmptyMatchRightAfterAMatchIsNotReplacedAsInGo() {
        assertThat(GoRegex.replaceAll(GoRegex.compile("a*"), "baaac", "x")).isEqualTo("xbxcx");
        assertThat(GoRegex.replaceAll(GoRegex.compile("/whoami"), "/whoami/and/whoami", "")).isEqualTo("/and");
        assertThat(GoRegex.replaceAll(GoRegex.compile(""), "ab", "-")).isEqualTo("-a-b-");
    }

    /** {@code escaped} with \\n, \\r, \\v (vertical tab), \\0 (NUL), \\e and \\E (e and E with acute) written out. */
    private static String text(String escaped) {
        return escaped.replace("\\n", "\n").replace("\\r", "\r").replace("\\v", "\u000B")
                .replace("\\0", "\u0000").replace("\\e", "\u00e9").replace("\\E", "\u00c9");
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            [[:alpha:]]+$          | abc              | true
            ^[[:alpha:]]+$         | a:b              | false
            ^[[:^digit:]]+$        | ab               | true
            ^[[:word:]]+$          | a_1              | true
            ^[[:upper:][:digit:]]$ | :                | false
            a$                     | a\\n              | false
            (?m)a$                 | a\\nb             | true
            ^/x$                   | /x               | true
            .                      | \\r               | true
            \\bfoo                 | \\efoo            | true
            \\Bfoo                 | afoo             | true
            ^\\s$                  | \\v               | false
            ^\\v$                  | \\v               | true
            ^\\v$                  | \\n               | false
            ^[a&&b]+$              | a&b              | true
            ^x{$                   | x{               | true
            ^x{,3}$                | x{,3}            | true
            ^x{2}$                 | xx               | true
            ^\\101$                | A                | true
            ^\\0$                  | \\0               | true
            ^\\Qa.b\\E$            | a.b              | true
            ^\\Qa.b\\E$            | axb              | false
            ^(?<id>[0-9]+)$        | 42               | true
            ^[]a]+$                | ]a               | true
            ^[[]$                  | [                | true
            (?i)straße             | STRASSE          | false
            (?i)\\x{e9}            | \\E               | true
            """)
    void matchesAsGoDoes(String regex, String escapedText, boolean found) {
        assertThat(GoRegex.find(GoRegex.compile(regex), text(escapedText))).isEqualTo(found);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a)\\1", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b", "(?>a)", "a*+", "a++", "a?+",
        "a{2}+", "a{1001}", "(?U)a+", "a\\Z", "\\h", "\\R", "\\8", "[\\b]", "[[:nope:]]", "a\\", "(?x)a", "[a"})
    void refusesWhatGoRefusesOrJavaWouldReadOtherwise(String regex) {
        assertThatThrownBy(() -> GoRegex.compile(regex)).isInstanceOf(PatternSyntaxException.class);
    }
}
