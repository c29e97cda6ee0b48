package io.kvroute.agent.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.agent.discovery.Declaration;
import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.discovery.Origin;
import io.kvroute.kv.model.HealthCheck;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Server;
import io.kvroute.kv.rule.RuleSyntax;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServicesFileTest {
    private static final String EXAMPLE = """
            services:
              - name: web                      # service (and router) name
                rule: Host(`web.example.com`)
                entryPoints: [web]
                servers:
                  - url: http://10.0.0.7:8081
                    weight: 2
                  - url: https://10.0.0.8
                healthCheck: {path: /health, interval: 5s, timeout: 2s}
              - name: api
                servers:
                  - url: http://10.0.0.9:9000
            """;

    @Test
    void readsTheExampleOfTheCliContract() throws ServicesFileException {
        List<StaticService> services = ServicesFile.parse(EXAMPLE, "services.yml");

        assertThat(services).containsExactly(
                new StaticService("web", Optional.of("Host(`web.example.com`)"), List.of("web"), 0, Optional.empty(),
                        List.of(new StaticServer(URI.create("http://10.0.0.7:8081"), 2),
                                new StaticServer(URI.create("https://10.0.0.8"), 1)),
                        Optional.of(HealthCheck.ofPath("/health").withInterval(Duration.ofSeconds(5))
                                .withTimeout(Duration.ofSeconds(2)))),
                new StaticService("api", Optional.empty(), List.of(), 0, Optional.empty(),
                        List.of(new StaticServer(URI.create("http://10.0.0.9:9000"), 1)), Optional.empty()));
    }

    @Test
    void anEntryIsADeclarationWithStableServerInstances() throws ServicesFileException {
        List<StaticService> services = ServicesFile.parse(EXAMPLE, "services.yml");

        Declaration web = services.get(0).toDeclaration(DefaultRule.TRAEFIK, "node1", RuleSyntax.V3);
        Declaration api = services.get(1).toDeclaration(new DefaultRule("Host(`{{name}}.{{node}}.example.com`)"), "node1",
                RuleSyntax.V3);

        assertThat(web.origin()).isEqualTo(Origin.servicesFile("web"));
        assertThat(((LoadBalancerService) web.config().services().get("web")).servers()).containsExactly(
                new Server("web-10.0.0.7-8081", "http://10.0.0.7:8081", OptionalLong.of(2), false),
                new Server("web-10.0.0.8-443", "https://10.0.0.8", OptionalLong.of(1), false));
        assertThat(web.config().routers().get("web").entryPoints()).containsExactly("web");
        assertThat(api.config().routers().get("api").rule()).isEqualTo("Host(`api.node1.example.com`)");
    }

    @Test
    void anEmptyFileHasNoServices() throws ServicesFileException {
        assertThat(ServicesFile.parse("", "services.yml")).isEmpty();
        assertThat(ServicesFile.parse("services: []\n", "services.yml")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "services:\\n  - name: web\\n    servers:\\n      - url: http://a:1\\n        wieght: 2\\n"
                    + ";SYNTAX;5;services[0].servers[0].wieght: unknown field \"wieght\" (expected one of: url, weight)",
            "services:\\n  - name: web\\n    servers:\\n      - url: http://a:1\\n        weight: two\\n"
                    + ";SYNTAX;5;services[0].servers[0].weight: wrong type (expected: an integer)",
            "services:\\n  - name: web\\n    servers:\\n      - url: ftp://a:1\\n"
                    + ";INVALID;4;services[0].servers[0].url: \"ftp://a:1\" (expected: an absolute http or https URL "
                    + "with a host, e.g. http://10.0.0.7:8081)",
            "services:\\n  - name: web\\n    servers:\\n      - url: /relative\\n"
                    + ";INVALID;4;services[0].servers[0].url: \"/relative\" (expected: an absolute http or https URL "
                    + "with a host, e.g. http://10.0.0.7:8081)",
            "services:\\n  - name: web\\n    servers:\\n      - url: http://a:1\\n        weight: -1\\n"
                    + ";INVALID;5;services[0].servers[0].weight: -1 (expected: a weight >= 0; 0 drains)",
            "services:\\n  - name: web\\n    rule: Host(`a`\\n    servers:\\n      - url: http://a:1\\n"
                    + ";INVALID;3;services[0].rule: \"Host(`a`\": column 9: ",
            "services:\\n  - name: web\\n    servers: []\\n"
                    + ";INVALID;2;services[0]: service web has no servers (expected: servers: [{url: http://HOST:PORT}])",
            "services:\\n  - name: web\\n    servers:\\n      - url: http://a:1\\n  - name: web\\n    servers:\\n"
                    + "      - url: http://b:1\\n;INVALID;5;services[1].name: \"web\" is used by an earlier entry",
            "services:\\n  - name: web\\n    healthCheck: {path: /h, interval: soon}\\n    servers:\\n      - url: http://a:1\\n"
                    + ";INVALID;3;services[0].healthCheck.interval: \"soon\" (expected: a positive duration such as 5s",
            "services:\\n  - name: web\\n    name: api\\n;SYNTAX;3;not valid YAML: Duplicate field 'name'",
            "services:\\n  - name: [web\\n;SYNTAX;2;services[0].name: wrong type (expected: a string)",
            "services:\\n  - name: web\\n  servers: x\\n;SYNTAX;3;not valid YAML: "})
    void errorsNameFileLineAndWhatWasExpected(String yaml, ServicesFileException.Kind kind, int line, String reason) {
        assertThatThrownBy(() -> ServicesFile.parse(yaml.replace("\\n", "\n"), "/etc/kvroute/services.yml"))
                .isInstanceOfSatisfying(ServicesFileException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.reason()).startsWith(reason);
                    assertThat(e.getMessage()).startsWith("/etc/kvroute/services.yml:" + line + ": " + reason);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hots(`a`)", "Host(`a`", "Host(`a`) # b", "Host(`a`) & Path(`/`)", "Host()"})
    void aRuleErrorSaysWhatWasExpectedExactlyOnce(String rule) {
        String yaml = "services:\n  - name: web\n    rule: '" + rule + "'\n    servers:\n      - url: http://a:1\n";
        assertThatThrownBy(() -> ServicesFile.parse(yaml, "services.yml"))
                .isInstanceOfSatisfying(ServicesFileException.class, e -> {
                    assertThat(e.reason()).startsWith("services[0].rule: \"" + rule + "\": column ");
                    assertThat(Pattern.compile("\\bexpect").matcher(e.reason()).results().count())
                            .as(e.reason()).isEqualTo(1);
                });
    }

    @Test
    void aRuleWhoseErrorSaysNothingExpectedEndsInATraefikRule() {
        assertThatThrownBy(() -> ServicesFile.parse("services:\n  - name: web\n    rule: 'Host(`a`) # b'\n"
                + "    servers:\n      - url: http://a:1\n", "services.yml"))
                .hasMessage("services.yml:3: services[0].rule: \"Host(`a`) # b\": column 11: unexpected character '#' "
                        + "(expected: a Traefik rule)");
    }
}
