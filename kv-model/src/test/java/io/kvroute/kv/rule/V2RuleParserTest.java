package io.kvroute.kv.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Traefik v3.7 {@code matcher_v2_test.go}: which v2 rules Traefik accepts and the trees they become. */
class V2RuleParserTest {
    @Test
    void listsBecomeAlternativesAndPairsBecomeConjunctions() {
        assertThat(RuleParser.parseV2("HostHeader(`a.com`, `b.com`)").expr())
                .isEqualTo(new Or(Match.of(Matcher.HOST, "a.com"), Match.of(Matcher.HOST, "b.com")));
        assertThat(RuleParser.parseV2("Method(`get`, `POST`)").expr())
                .isEqualTo(new Or(Match.of(Matcher.METHOD, "GET"), Match.of(Matcher.METHOD, "POST")));
        assertThat(RuleParser.parseV2("Headers(`X-A`, `1`, `X-B`, `2`)").expr())
                .isEqualTo(new And(Match.of(Matcher.HEADER, "X-A", "1"), Match.of(Matcher.HEADER, "X-B", "2")));
        assertThat(RuleParser.parseV2("Query(`a=b`, `c=`)").expr())
                .isEqualTo(new And(Match.of(Matcher.QUERY, "a", "b"), Match.of(Matcher.QUERY, "c", "")));
        assertThat(RuleParser.parseV2("ClientIP(`127.0.0.1`, `192.168.1.0/24`)").expr())
                .isEqualTo(new Or(Match.of(Matcher.CLIENT_IP, "127.0.0.1"),
                        Match.of(Matcher.CLIENT_IP, "192.168.1.0/24")));
    }

    @Test
    void keepsTemplatesAndTheSyntax() {
        Rule rule = RuleParser.parseV2("hostregexp(`{sub:[a-z]+}.example.com`) && Path(`/api/{id:[0-9]+}`)");
        assertThat(rule.syntax()).isEqualTo(RuleSyntax.V2);
        assertThat(rule.expr()).isEqualTo(new And(Match.of(Matcher.HOST_REGEXP, "{sub:[a-z]+}.example.com"),
                Match.of(Matcher.PATH, "/api/{id:[0-9]+}")));
        assertThat(rule.defaultPriority()).isEqualTo(rule.text().length());
        assertThat(RuleParser.parseV2("HostRegexp(`(example.com`)").expr())
                .as("a template's literal part is not a regular expression")
                .isEqualTo(Match.of(Matcher.HOST_REGEXP, "(example.com"));
    }

    @Test
    void routerSyntaxIsV2OnlyForExactlyV2() {
        assertThat(RuleSyntax.ofRouter("v2")).isEqualTo(RuleSyntax.V2);
        assertThat(RuleSyntax.ofRouter("v3")).isEqualTo(RuleSyntax.V3);
        assertThat(RuleSyntax.ofRouter("")).isEqualTo(RuleSyntax.V3);
        assertThat(RuleSyntax.ofRouter("V2")).isEqualTo(RuleSyntax.V3);
        assertThat(RuleSyntax.ofRouter("default")).isEqualTo(RuleSyntax.V3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ClientIP(`1`)|is not an IP address",
            "ClientIP()|expects at least 1 argument",
            "ClientIP(``)|must not be empty",
            "Method(``)|must not be empty",
            "Host(`🦭.com`)|non-ASCII",
            "HostRegexp(`🦭.com`)|non-ASCII",
            "HostRegexp(`{sub:[a-z}.a.com`)|not a valid template",
            "HostRegexp(`{sub.a.com`)|not a valid template",
            "Path(`css`)|must start with '/'",
            "PathPrefix()|expects at least 1 argument",
            "Headers(`X-Forwarded-Host`)|odd number",
            "Headers(`X-Forwarded-Host`, ``)|must not be empty",
            "Headers(``, `example.com`)|must not be empty",
            "Headers(`X-Forwarded-Host`, `example.com`, `example.org`)|odd number",
            "HeadersRegexp(`X-Forwarded-Host`,`(example.com`)|not a valid regular expression",
            "HeaderRegexp(`X-A`, `b`)|unknown v2 matcher 'HeaderRegexp'",
            "Header(`X-A`, `b`)|unknown v2 matcher 'Header'",
            "PathRegexp(`^/a`)|unknown v2 matcher",
            "QueryRegexp(`a`, `b`)|unknown v2 matcher",
            "Query(`a`)|odd number",
            "Query(`a={b`)|not a valid template"})
    void refusesWhatTraefikRefuses(String rule, String reason) {
        assertThatThrownBy(() -> RuleParser.parseV2(rule)).isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining(reason);
    }
}
