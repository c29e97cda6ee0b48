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

    /**
     * The v2 matchers ({@code ruleSyntax=v2}) with the cases of Traefik's {@code matcher_v2_test.go}
     * ({@code Test_HostSNIV2}, {@code Test_HostSNIRegexpV2}, {@code Test_ClientIPV2}, {@code Test_ALPNV2},
     * {@code Test_addTCPRouteV2}); columns: rule, server name, client address, offered protocols, whether it matches.
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "-", value = {
            "HostSNI(`foobar`);bar;10.0.0.1;-;false",
            "HostSNI(`*`);foobar;10.0.0.1;-;true",
            "HostSNI(`*`);-;10.0.0.1;-;true",
            "HostSNI(`foo`, `*`);bar;10.0.0.1;-;true",
            "HostSNI(`foo`, `*`);-;10.0.0.1;-;false",
            "HostSNI(`foobar.`);foobar.;10.0.0.1;-;true",
            "HostSNI(`foobar.`);foobar;10.0.0.1;-;true",
            "HostSNI(`foobar`, `foo-bar.baz`);foobar;10.0.0.1;-;true",
            "HostSNI(`foobar`, `foo-bar.baz`);foo-bar.baz;10.0.0.1;-;true",
            "HostSNI(`Foo.Bar`);foo.bar;10.0.0.1;-;true",
            "HostSNI(`foo_bar.example.com`);foo_bar.example.com;10.0.0.1;-;true",
            "HostSNI(`127.0.0.1`);127.0.0.1;10.0.0.1;-;true",
            "HostSNI(`10::10`);10::10;10.0.0.1;-;true",
            "!HostSNI(`bar`);foobar;10.0.0.1;-;true",
            "!HostSNI(`bar`);bar;10.0.0.1;-;false",
            "HostSNIRegexp(`bar.com`);bar.com;10.0.0.1;-;true",
            "HostSNIRegexp(`bar.com`);barucom;10.0.0.1;-;false",
            "HostSNIRegexp(`{subdomain:(foo\\.)?bar\\.com}`);foo.bar.com;10.0.0.1;-;true",
            "HostSNIRegexp(`{subdomain:(foo\\.)?bar\\.com}`);bar.com;10.0.0.1;-;true",
            "HostSNIRegexp(`{subdomain:(foo\\.)?bar\\.com}`);fooubar.com;10.0.0.1;-;false",
            "HostSNIRegexp(`{subdomain:(?:foo\\.)?bar\\.com}`);barcom;10.0.0.1;-;false",
            "HostSNIRegexp(`{dummy:[a-z-]+\\.bar\\.com}`);FOO.bar.com;10.0.0.1;-;true",
            "HostSNIRegexp(`foo.bar.com`);FOO.bar.com;10.0.0.1;-;true",
            "HostSNIRegexp(`{subdomain:[a-z]+}.foobar`);sub.foobar;10.0.0.1;-;true",
            "HostSNIRegexp(`{subdomain:[a-z]*}`);-;10.0.0.1;-;true",
            "HostSNIRegexp(`{dummy}`);toto;10.0.0.1;-;true",
            "HostSNIRegexp(`{dummy}`);toto.com;10.0.0.1;-;false",
            "HostSNIRegexp(`{a:[a-z]+}.one`, `{b:[0-9]+}.two`);42.two;10.0.0.1;-;true",
            "ClientIP(`10.0.0.1`);-;10.0.0.2;-;false",
            "ClientIP(`10.0.0.1`, `10.0.0.0`);-;10.0.0.0;-;true",
            "ClientIP(`10.0.0.1`, `10.0.0.2`);-;10.0.0.3;-;false",
            "ClientIP(`11.0.0.0/16`, `10.0.0.0/16`);-;10.0.0.0;-;true",
            "ClientIP(`11.0.0.0/16`, `10.0.0.0`);-;10.0.0.0;-;true",
            "ClientIP(`11.0.0.0/16`, `12.0.0.0/16`);-;10.0.0.0;-;false",
            "ClientIP(`10::10`);-;10::10;-;true",
            "!ClientIP(`10::10`);-;::1;-;true",
            "ALPN(`foo`);-;10.0.0.1;foo;true",
            "ALPN(`foo`);-;10.0.0.1;-;false",
            "ALPN(`foo`, `bar`);-;10.0.0.1;h2,bar;true",
            "ALPN(`foo`, `bar`);-;10.0.0.1;h2,baz;false",
            "ALPN(`foo`) && !alpn(`h2`);-;10.0.0.1;foo;true",
            "ALPN(`foo`) && !alpn(`h2`);-;10.0.0.1;foo,h2;false",
            "ALPN(`foo`) && (!alpn(`h2`) || hostsni(`foo`));foo;10.0.0.1;foo,h2;true",
            "ALPN(`foo`) && (!alpn(`h2`) || hostsni(`foo`));bar;10.0.0.1;foo,h2;false",
            "(HostSNI(`foo`) || HostSNI(`bar`)) && (ClientIP(`10.0.0.1`) || ClientIP(`10.0.0.2`));bar;10.0.0.1;-;true",
            "HostSNI(`foobar`) || HostSNI(`bar`) && ClientIP(`10.0.0.1`);bar;10.0.0.2;-;false"})
    void matchesAsTraefiksV2TcpMatchers(String rule, String serverName, String client, String protocols,
            boolean matches) throws Exception {
        Predicate<TcpConnectionFacts> predicate = TcpRuleMatch.of(TcpRuleParser.parseV2(rule));
        TcpConnectionFacts facts = new TcpConnectionFacts(Optional.ofNullable(serverName),
                InetAddress.getByName(client), protocols == null ? List.of() : List.of(protocols.split(",")));

        assertThat(predicate.test(facts)).isEqualTo(matches);
    }
}
