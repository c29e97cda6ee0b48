package io.kvroute.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code kvroute ... --help} of this build's tarball reads as a newcomer needs it: lines of at most 80
 * columns broken at spaces, never inside a flag, and every file its examples name present in a checkout.
 */
class CommandHelpIT {
    private static final int WIDTH = 80;
    @TempDir
    static Path scratch;
    private static Distribution distribution;
    private static Map<String, String> jreOnly;

    @BeforeAll
    static void unpack() throws IOException {
        distribution = Distribution.unpack(Files.createDirectories(scratch.resolve("unpacked")));
        jreOnly = Distribution.jreOnlyEnvironment(scratch);
    }

    static Stream<String> commands() {
        return Stream.of("", "agent", "proxy", "standalone", "kv", "kv decode", "kv lint", "kv dump", "version");
    }

    @ParameterizedTest(name = "kvroute {0} --help")
    @MethodSource("commands")
    void lines_fit_in_80_columns_and_never_cut_a_flag(String command) throws IOException {
        HelpFlags help = help(command);

        assertThat(help.text()).startsWith(("Usage: kvroute " + command).strip());
        assertThat(help.linesLongerThan(WIDTH)).as("lines over %d columns", WIDTH).isEmpty();
        assertThat(help.cutFlags()).as("lines ending inside a flag").isEmpty();
    }

    @ParameterizedTest(name = "kvroute {0} --help")
    @MethodSource("commands")
    void every_path_the_help_names_exists_in_a_checkout(String command) throws IOException {
        Path checkout = Path.of(System.getProperty("kvroute.units.dir")).getParent();

        assertThat(help(command).relativePaths()).allSatisfy(path -> assertThat(checkout.resolve(path))
                .as("%s, named in 'kvroute %s --help'", path, command).isRegularFile());
    }

    @Test
    void the_examples_name_the_files_of_the_quick_start() throws IOException {
        List<String> paths = new ArrayList<>();
        for (String command : commands().toList()) {
            paths.addAll(help(command).relativePaths());
        }

        assertThat(paths).contains("units/examples/hello.yaml", "units/examples/HelloBackend.java",
                "units/examples/services.yaml", "units/examples/pairs.json");
    }

    @Test
    void the_layout_checks_find_what_picocli_used_to_print() {
        HelpFlags cut = new HelpFlags("proxy", """
                Usage: kvroute proxy [-hV] [--consul] [--etcd] [--web] [--consul.endpoint=HOST:
                                     PORT[,HOST:PORT...]] [--consul.tls.ca=FILE] [--consul.tls.
                                     cert=FILE] [--web.auth.usersfile=FILE] [--web.auth.basic=USER:
                                     HASH]...
                      --serversTransport.forwardingTimeouts.dialTimeout, --serverstransport.
                        forwardingtimeouts.dialtimeout=DURATION
                      --etcd.endpoint=HOST:PORT[,HOST:PORT...]
                                             etcd endpoints, comma separated; implies --etcd.
                      --etcd.username=USER   etcd user name.
                  kvroute standalone --services examples/services.yaml --entrypoints.web.address=127.0.0.1:8000
                """);

        assertThat(cut.cutFlags()).containsExactly(
                "Usage: kvroute proxy [-hV] [--consul] [--etcd] [--web] [--consul.endpoint=HOST: / "
                        + "PORT[,HOST:PORT...]] [--consul.tls.ca=FILE] [--consul.tls.",
                "                     PORT[,HOST:PORT...]] [--consul.tls.ca=FILE] [--consul.tls. / "
                        + "cert=FILE] [--web.auth.usersfile=FILE] [--web.auth.basic=USER:",
                "                     cert=FILE] [--web.auth.usersfile=FILE] [--web.auth.basic=USER: / HASH]...",
                "      --serversTransport.forwardingTimeouts.dialTimeout, --serverstransport. / "
                        + "forwardingtimeouts.dialtimeout=DURATION");
        assertThat(cut.linesLongerThan(WIDTH)).hasSize(2);
        assertThat(cut.relativePaths()).containsExactly("examples/services.yaml");
        assertThat(new HelpFlags("agent", "--services /etc/kvroute/services.yml, unix:///var/run/x.yaml, "
                + "see docs/cli.md.").relativePaths()).containsExactly("docs/cli.md");
    }

    private static HelpFlags help(String command) throws IOException {
        List<String> args = new ArrayList<>(List.of(distribution.launcher().toString()));
        if (!command.isEmpty()) {
            args.addAll(List.of(command.split(" ")));
        }
        args.add("--help");
        ProcessRun run = ProcessRun.run(args, scratch, jreOnly);
        assertThat(run.exitCode()).as("%s", run).isZero();
        return new HelpFlags(command, run.stdout());
    }
}
