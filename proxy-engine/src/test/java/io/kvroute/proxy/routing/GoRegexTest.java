package io.kvroute.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
