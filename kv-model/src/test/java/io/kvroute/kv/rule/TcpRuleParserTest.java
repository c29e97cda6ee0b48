package io.kvroute.kv.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TcpRuleParserTest {
    @Test
    void parsesTraefiksTcpMatchersAndOperators() {
        TcpRule rule = TcpRuleParser.parse("hostsni(`a.example.com`) && !ClientIP(`10.0.0.0/8`) || ALPN(\"h2\")");

        assertThat(rule).isEqualTo(new TcpRule.Either(
                new TcpRule.Both(new TcpRule.Call(TcpRule.Matcher.HostSNI, "a.example.com"),
                        new TcpRule.Negated(new TcpRule.Call(TcpRule.Matcher.ClientIP, "10.0.0.0/8"))),
                new TcpRule.Call(TcpRule.Matcher.ALPN, "h2")));
        assertThat(rule.hostSniArguments()).containsExactly("a.example.com");
        assertThat(rule.isCatchAll()).isFalse();
        assertThat(TcpRuleParser.parse("HostSNI(`*`)").isCatchAll()).isTrue();
        assertThat(TcpRuleParser.parse("(HostSNI(`*`))").isCatchAll()).isTrue();
        assertThat(TcpRuleParser.parse("HostSNI(`*`) && ClientIP(`::1`)").isCatchAll()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Host(`a`)|unknown TCP matcher 'Host'",
            "HostSNI(`a`, `b`)|HostSNI expects exactly 1 argument",
            "HostSNI(`a b`)|invalid value for HostSNI matcher",
            "HostSNIRegexp(`(`)|",
            "ClientIP(`10.0.0.300`)|is not an IPv4 or IPv6 address",
            "ALPN(`acme-tls/1`)|is not allowed",
            "HostSNI(`a`) &&|expected a matcher"})
    void refusesWhatTraefikRefuses(String rule, String reason) {
        assertThatThrownBy(() -> TcpRuleParser.parse(rule)).isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining(reason == null ? "" : reason);
    }

    @Test
    void readsTheV2SyntaxWithListsOfArguments() {
        TcpRule rule = TcpRuleParser.parseV2("HostSNI(`a.test`, `B.test`,) && !clientip(`10.0.0.0/8`, `::1`)");

        assertThat(rule).isEqualTo(new TcpRule.Both(
                new TcpRule.V2Call(TcpRule.Matcher.HostSNI, List.of("a.test", "B.test")),
                new TcpRule.Negated(new TcpRule.V2Call(TcpRule.Matcher.ClientIP, List.of("10.0.0.0/8", "::1")))));
        assertThat(rule.hostSniArguments()).containsExactly("a.test", "B.test");
        assertThat(TcpRuleParser.parseV2("HostSNIRegexp(`{sub:[a-z]+}.test`) || ALPN(`h2`, `http/1.1`)"))
                .isEqualTo(new TcpRule.Either(
                        new TcpRule.V2Call(TcpRule.Matcher.HostSNIRegexp, List.of("{sub:[a-z]+}.test")),
                        new TcpRule.V2Call(TcpRule.Matcher.ALPN, List.of("h2", "http/1.1"))));
    }

    /** Traefik's {@code Test_HostSNICatchAllV2}: only {@code *} alone is the catch-all. */
    @Test
    void onlyAStarAloneIsTheV2CatchAll() {
        assertThat(TcpRuleParser.parseV2("HostSNI(`*`)").isCatchAll()).isTrue();
        assertThat(TcpRuleParser.parseV2("HOSTSNI(\"*\")").isCatchAll()).isTrue();
        assertThat(TcpRuleParser.parseV2("HostSNI(`foobar`)").isCatchAll()).isFalse();
        assertThat(TcpRuleParser.parseV2("HostSNI(`*`, `foobar`)").isCatchAll()).isFalse();
    }

    /** The refusals of Traefik's {@code Test_addTCPRouteV2}, {@code Test_HostSNIV2}, {@code Test_HostSNIRegexpV2}. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rulewithnotmatcher|unknown TCP matcher 'rulewithnotmatcher'",
            "HostSNI()|HostSNI expects at least 1 argument, got 0",
            "HostSNI(``)|empty argument for HostSNI matcher",
            "HostSNI(`a`, ``)|empty argument for HostSNI matcher",
            "HostSNI(`héhé`)|\"héhé\" is not a valid hostname or IP",
            "HostSNI(`*.bar`)|\"*.bar\" is not a valid hostname or IP",
            "HostSNIRegexp()|HostSNIRegexp expects at least 1 argument, got 0",
            "HostSNIRegexp(``)|empty argument for HostSNIRegexp matcher",
            "HostSNIRegexp(`subdomain:(foo\\.)?bar\\.com}`)|unbalanced braces",
            "HostSNIRegexp(`{:(foo\\.)?bar\\.com}`)|missing name or pattern",
            "HostSNIRegexp(`{subdomain:}`)|missing name or pattern",
            "HostSNIRegexp(`{subdomain:(foo\\.?bar\\.com}`)|does not compile",
            "ClientIP()|ClientIP expects at least 1 argument, got 0",
            "ClientIP(``)|empty argument for ClientIP matcher",
            "ClientIP(`invalid`)|is not an IPv4 or IPv6 address",
            "ClientIP(`10.0.0.1`, `10.0.0.0/33`)|prefix length",
            "ALPN(`h2`, `acme-tls/1`)|is not allowed"})
    void refusesWhatTraefiksV2MatchersRefuse(String rule, String reason) {
        assertThatThrownBy(() -> TcpRuleParser.parseV2(rule)).isInstanceOf(RuleSyntaxException.class)
                .hasMessageContaining(reason);
    }
}
