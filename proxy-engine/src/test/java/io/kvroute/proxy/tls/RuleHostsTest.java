package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.rule.RuleParser;
import io.kvroute.kv.rule.RuleSyntax;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleHostsTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '#', value = {
        "Host(`a.test`)#true",
        "Host(`a.test`) && PathPrefix(`/x`)#true",
        "PathPrefix(`/x`) && (Host(`a.test`) || Host(`b.test`))#true",
        "Host(`a.test`) || Host(`b.test`)#true",
        "Host(`a.test`) || PathPrefix(`/x`)#false",
        "Host(`a.test`) || HostRegexp(`^.+\\.test$`)#false",
        "!Host(`a.test`)#false",
        "PathPrefix(`/x`)#false"})
    void aRuleIsConfinedToItsHostsOnlyWhenEveryWayItMatchesNamesOne(String rule, boolean confined) {
        assertThat(RuleHosts.confined(RuleParser.parse(rule, RuleSyntax.V3))).isEqualTo(confined);
    }
}
