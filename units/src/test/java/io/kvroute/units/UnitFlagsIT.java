package io.kvroute.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every flag the units and env files pass or suggest exists in {@code kvroute COMMAND --help} of this build's
 * tarball. A command the jar does not have yet is skipped (and only that); its flags stay unchecked until it exists.
 */
class UnitFlagsIT {
    @TempDir
    static Path scratch;
    private static Distribution distribution;
    private static Map<String, String> jreOnly;

    @BeforeAll
    static void unpack() throws IOException {
        distribution = Distribution.unpack(Files.createDirectories(scratch.resolve("unpacked")));
        jreOnly = Distribution.jreOnlyEnvironment(scratch);
    }

    static Stream<Arguments> flagsByCommand() {
        return Deployment.flagsByCommand().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void the_units_use_the_agent_and_the_proxy_with_their_store_and_grace_flags() {
        Map<String, TreeSet<String>> flags = Deployment.flagsByCommand();

        assertThat(flags).containsOnlyKeys("agent", "proxy");
        assertThat(flags.get("agent")).contains("--etcd.endpoint", "--docker", "--drain-grace", "--services",
                "--node-name", "--health.address", "--host-ip");
        assertThat(flags.get("proxy")).contains("--etcd.endpoint", "--entrypoints.web.address", "--web",
                "--web.address", "--shutdown.grace", "--web.auth.basic");
    }

    @ParameterizedTest(name = "kvroute {0}")
    @MethodSource("flagsByCommand")
    void every_flag_appears_in_the_commands_help(String command, TreeSet<String> flags) throws IOException {
        ProcessRun run = ProcessRun.run(List.of(distribution.launcher().toString(), command, "--help"), scratch,
                jreOnly);
        assertThat(run.exitCode()).as("%s", run).isZero();
        HelpFlags help = new HelpFlags(command, run.stdout());
        if (!help.isCommandHelp()) {
            abort("kvroute.jar has no '" + command + "' command yet: unchecked flags " + flags);
        }

        assertThat(help.undocumented(flags)).as("flags missing from `kvroute %s --help`", command).isEmpty();
    }

    @Test
    void help_flags_match_placeholders_and_only_whole_names() {
        HelpFlags help = new HelpFlags("proxy", """
                Usage: kvroute proxy [--web] [--web.address=HOST:PORT]
                Entry points: --entrypoints.NAME.address=[HOST]:PORT (repeatable).
                """);

        assertThat(help.isCommandHelp()).isTrue();
        assertThat(help.undocumented(List.of("--web", "--web.address", "--entrypoints.web.address",
                "--entrypoints.admin-2.address"))).isEmpty();
        assertThat(help.undocumented(List.of("--we", "--web.addr", "--entrypoints.web", "--entrypoints.a.b.address")))
                .containsExactly("--we", "--web.addr", "--entrypoints.web", "--entrypoints.a.b.address");
        assertThat(new HelpFlags("agent", "Usage: kvroute [-hV] [COMMAND]\n").isCommandHelp()).isFalse();
    }
}
