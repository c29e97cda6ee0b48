package io.kvroute.proxy.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.rule.TcpRuleParser;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TcpRuleMatchTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "HostSNI(`*`)|-|true",
            "HostSNI(`*`)|a.test|true",
            "HostSNI(`a.test`)|A.Test|true",
            "HostSNI(`a.test.`)|a.test|true",
            "HostSNI(`a.test`)|-|false",
            "HostSNI(`*.a.test`)|x.a.test|true",
            "HostSNI(`*.a.test`)|a.test|false",
            "HostSNI(`*.a.test`)|x.y.a.test|false",
            "HostSNIRegexp(`^[a-z]+\\.test$`)|db.test|true",
            "HostSNIRegexp(`^[a-z]+\\.test$`)|-|false",
            "ClientIP(`10.0.0.0/8`)|-|true",
            "ALPN(`h2`)|a.test|true",
            "ALPN(`postgresql`)|a.test|false",
            "HostSNI(`a.test`) && !ClientIP(`10.1.0.0/16`)|a.test|true"})
    void matchesAsTraefiksTcpMatchers(String rule, String serverName, boolean matches) throws Exception {
        Predicate<TcpConnectionFacts> predicate = TcpRuleMatch.of(TcpRuleParser.parse(rule));
        TcpConnectionFacts facts = new TcpConnectionFacts(Optional.ofNullable(serverName),
                InetAddress.getByName("10.2.3.4"), serverName == null ? List.of() : List.of("h2", "http/1.1"));

        assertThat(predicate.test(facts)).isEqualTo(matches);
    }
}
