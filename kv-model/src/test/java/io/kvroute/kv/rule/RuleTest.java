package io.kvroute.kv.rule;

import static io.kvroute.kv.rule.Trees.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Host(`kv1.localhost`)| 21",
        "Host(`app.example.com`)| 23",
        "Host(`a`) && PathPrefix(`/api`)| 31",
        "Host:test.localhost| 19",
        "Path:/test| 10",
        "Host:example.com;PathPrefixStrip:/api| 37",
        "Path(`/caf\u00e9`)| 14"})
    void defaultPriorityIsUtf8Length(String text, int expected) {
        assertThat(RuleParser.parseAuto(text).defaultPriority()).isEqualTo(expected);
    }

    @Test
    void v1FrontendPriorityAddsRouteRuleLengths() {
        assertThat(Rule.v1FrontendPriority(List.of("Host:test.localhost", "Path:/test"))).isEqualTo(29);
        assertThat(Rule.v1FrontendPriority(List.of("Path:/caf\u00e9"))).isEqualTo(11);
        assertThat(Rule.v1FrontendPriority(List.of())).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "Host:a; V1",
        "Host(`a`); V3",
        "Path:/test; V1",
        "PathPrefixStripRegex:/(a|b); V3"})
    void detectsSyntaxByParenthesis(String text, RuleSyntax expected) {
        assertThat(RuleParser.detectSyntax(text)).isEqualTo(expected);
    }

    @Test
    void parseAutoUsesDetectedSyntax() {
        assertThat(RuleParser.parseAuto("Host:a")).isEqualTo(new Rule("Host:a", RuleSyntax.V1, m(Matcher.HOST, "a")));
        assertThat(RuleParser.parseAuto("Host(`a`)"))
                .isEqualTo(new Rule("Host(`a`)", RuleSyntax.V3, m(Matcher.HOST, "a")));
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> new Rule(null, RuleSyntax.V1, m(Matcher.HOST, "a")))
                .isInstanceOf(NullPointerException.class).hasMessage("text");
        assertThatThrownBy(() -> RuleParser.parse("Host:a", null))
                .isInstanceOf(NullPointerException.class).hasMessage("syntax");
    }
}
