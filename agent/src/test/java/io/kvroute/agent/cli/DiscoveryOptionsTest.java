package io.kvroute.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.agent.discovery.DefaultRule;
import io.kvroute.agent.docker.AddressPolicy;
import io.kvroute.agent.runtime.DiscoverySources;
import io.kvroute.agent.runtime.DockerDiscovery;
import io.kvroute.kv.rule.RuleSyntax;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The discovery flags as picocli reads them, turned into settings: each bad value is one line naming its flag. */
class DiscoveryOptionsTest {
    @Command(name = "discover")
    static final class Flags {
        @Mixin
        DiscoveryOptions discovery;
    }

    private static DiscoveryOptions parse(String... args) {
        Flags flags = new Flags();
        new CommandLine(flags).parseArgs(args);
        return flags.discovery;
    }

    @Test
    void dockerContainersAreReachedOnTheFallbackAddressUnlessTheHostIpIsGiven() {
        DiscoverySources sources = parse("--docker.endpoint=unix:///run/docker.sock", "--docker.network=backend",
                "--exposed-by-default=false", "--default-rule=Host(`{{name}}.example.com`)")
                .sources(Optional.of("127.0.0.1"), RuleSyntax.V3);

        DockerDiscovery docker = sources.docker().orElseThrow();
        assertThat(docker.endpoint().uri()).isEqualTo(URI.create("unix:///run/docker.sock"));
        assertThat(docker.addresses()).isEqualTo(AddressPolicy.onNetwork("backend", "127.0.0.1"));
        assertThat(docker.exposedByDefault()).isFalse();
        assertThat(sources.defaultRule()).isEqualTo(new DefaultRule("Host(`{{name}}.example.com`)"));
        assertThat(parse("--docker.endpoint=unix:///run/docker.sock", "--host-ip", "10.0.0.7")
                .sources(Optional.of("127.0.0.1"), RuleSyntax.V3).docker().orElseThrow().addresses())
                .isEqualTo(AddressPolicy.onHost("10.0.0.7"));
    }

    @Test
    void withoutDockerOnlyTheServicesFileIsPublished() {
        DiscoveryOptions options = parse("--services=/etc/kvroute/services.yml", "--host-ip=10.0.0.7");
        DiscoverySources sources = options.sources(Optional.empty(), RuleSyntax.V3);

        assertThat(options.discoversAnything()).isTrue();
        assertThat(sources.docker()).isEmpty();
        assertThat(sources.servicesFile()).contains(Path.of("/etc/kvroute/services.yml"));
        assertThat(sources.servicesOptional()).isFalse();
        assertThat(sources.defaultRule()).isEqualTo(DefaultRule.TRAEFIK);
        assertThat(parse().discoversAnything()).isFalse();
    }

    /** The default rule is checked in the layout's syntax: a v2 list under --layout=v2, a v1 rule under either. */
    @Test
    void theDefaultRuleIsReadInTheLayoutsSyntax() {
        String list = "--default-rule=Host(`{{name}}.a.test`, `{{name}}.b.test`)";

        assertThat(parse("--host-ip=10.0.0.1", list).sources(Optional.empty(), RuleSyntax.V2).defaultRule())
                .isEqualTo(new DefaultRule("Host(`{{name}}.a.test`, `{{name}}.b.test`)"));
        assertThatThrownBy(() -> parse("--host-ip=10.0.0.1", list).sources(Optional.empty(), RuleSyntax.V3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--default-rule: \"Host(`{{name}}.a.test`, "
                        + "`{{name}}.b.test`)\" (expected: a Traefik v3 rule, as --layout=v3 reads it, or a v1 rule; "
                        + "column 1: Host expects 1 argument, got 2 (a Traefik v2 list: v3 takes one value per call, "
                        + "as in Host(`a`) || Host(`b`)))");
        assertThat(parse("--host-ip=10.0.0.1", "--default-rule=Host:{{name}}.a.test")
                .sources(Optional.empty(), RuleSyntax.V3).defaultRule())
                .isEqualTo(new DefaultRule("Host:{{name}}.a.test"));
    }

    @Test
    void theV1LayoutTakesADefaultRuleThatV1CanExpress() {
        String negated = "--default-rule=Host(`{{name}}.a.test`) && !Path(`/x`)";

        assertThat(parse("--host-ip=10.0.0.1", negated).sources(Optional.empty(), RuleSyntax.V3).defaultRule())
                .isEqualTo(new DefaultRule("Host(`{{name}}.a.test`) && !Path(`/x`)"));
        assertThatThrownBy(() -> parse("--host-ip=10.0.0.1", negated).sources(Optional.empty(), RuleSyntax.V1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--default-rule: \"Host(`{{name}}"
                        + ".a.test`) && !Path(`/x`)\" (expected: a v1 rule, or a Traefik v3 rule that --layout=v1 can "
                        + "write in v1; ").message().doesNotContain("\n");
        assertThat(parse("--host-ip=10.0.0.1", "--default-rule=Host(`{{name}}.a.test`)")
                .sources(Optional.empty(), RuleSyntax.V1).defaultRule())
                .isEqualTo(new DefaultRule("Host(`{{name}}.a.test`)"));
    }

    @Test
    void theServicesFileIsOptionalOnlyWhenSaidSoAndOnlyWithAFile() {
        assertThat(parse("--services=/etc/kvroute/services.yml", "--services.optional")
                .sources(Optional.empty(), RuleSyntax.V3)
                .servicesOptional()).isTrue();
        assertThat(parse("--services=/etc/kvroute/services.yml", "--services.optional=false")
                .sources(Optional.empty(), RuleSyntax.V3)
                .servicesOptional()).isFalse();
        assertThatThrownBy(() -> parse("--docker", "--services.optional")
                .sources(Optional.of("127.0.0.1"), RuleSyntax.V3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--services.optional: given without --services (expected: --services=FILE with it)");
    }

    @Test
    void aGivenNodeNameIsCheckedAndNamesItsFlag() {
        assertThat(parse("--node-name=edge-1").nodeName()).isEqualTo("edge-1");
        assertThatThrownBy(() -> parse("--node-name=N_1").nodeName())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--node-name: 'N_1' (expected: lower-case letters, digits and single '-', starting with a "
                        + "letter, at most 63 characters)");
    }

    @Test
    void aBlankNetworkIsRefusedEvenWithoutDocker() {
        assertThatThrownBy(() -> parse("--services=/etc/kvroute/services.yml", "--docker.network=")
                .sources(Optional.empty(), RuleSyntax.V3))
                .hasMessage("--docker.network: \"\" (expected: a network name)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--docker --host-ip=x.y                        | --host-ip: 'x.y' (expected: an IP address such as 10.0.0.7)",
        "--host-ip=10.0.0.1 --docker.endpoint=ftp://x  | --docker.endpoint: ftp://x (expected: "
                + "unix:///path/to/docker.sock or tcp://HOST:PORT)",
        "--host-ip=10.0.0.1 --docker --docker.network= | --docker.network: \"\" (expected: a network name)",
        "--host-ip=10.0.0.1 --default-rule={{x}}       | --default-rule: \"{{x}}\" has placeholder {{x}} (expected: "
                + "{{name}} or {{node}})"
    })
    void aBadValueIsOneLineNamingItsFlag(String flags, String message) {
        DiscoveryOptions options = parse(flags.split(" "));

        assertThatThrownBy(() -> options.sources(Optional.empty(), RuleSyntax.V3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
