package io.kvroute.kv.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
