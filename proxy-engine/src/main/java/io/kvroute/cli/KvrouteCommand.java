package io.kvroute.cli;

import ch.qos.logback.classic.Level;
import io.kvroute.agent.cli.AgentCommand;
import io.kvroute.agent.cli.Logging;
import io.kvroute.agent.cli.VersionCommand;
import io.kvroute.agent.cli.VersionProvider;
import io.kvroute.kv.cli.CliErrors;
import io.kvroute.kv.cli.HelpLayout;
import io.kvroute.kv.cli.KvCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code kvroute} command: the entry point of the shaded kvroute.jar and of the {@code ./kvroute} launcher (for
 * every command but {@code agent}, which runs from kvroute-agent.jar when there is one:
 * {@link io.kvroute.agent.cli.AgentJarCommand}).
 */
@Command(
        name = "kvroute",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Keeps Docker containers and static services registered in etcd or Consul",
            "in Traefik's key layout, bound to a TTL lease, and routes HTTP to them",
            "with an embedded reverse proxy. Real Traefik can read the same keys.",
            "",
            "Flags use Traefik's dotted style: --etcd.endpoint=10.0.0.5:2379.",
            "Durations accept 15s, 500ms, 1m; a bare number means seconds."
        },
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        subcommands = {AgentCommand.class, ProxyCommand.class, StandaloneCommand.class, KvCommand.class, VersionCommand.class,
            CommandLine.HelpCommand.class},
        footer = {
            "",
            "Examples:",
            "  kvroute standalone --services units/examples/hello.yaml --web",
            "      one process: route the services of a file, dashboard on 127.0.0.1:8080",
            "  kvroute agent --etcd.endpoint=10.0.0.5:2379 --docker",
            "      on every Docker host: register its containers in etcd",
            "  kvroute proxy --etcd.endpoint=10.0.0.5:2379 --web",
            "      on the edge: route by the keys in etcd",
            "  kvroute kv decode units/examples/pairs.json",
            "      what Traefik decodes from key/value pairs, and their problems",
            "  kvroute kv lint --etcd",
            "      every broken key under traefik/ in a local etcd",
            "",
            "Run 'kvroute COMMAND --help' for a command's flags.",
            "Exit codes: 0 ok, 1 runtime failure, 2 bad flags, no command or unreadable input."
        })
public final class KvrouteCommand implements Callable<Integer> {

    @Option(names = "--log.level", paramLabel = "LEVEL", defaultValue = "info", scope = CommandLine.ScopeType.INHERIT,
            converter = Logging.LevelConverter.class, description = Logging.LEVEL_HELP)
    void setLogLevel(Level level) {
        Logging.setLevel(level);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a command: the usage on stderr, exit code 2. */
    @Override
    public Integer call() {
        return CliErrors.missingSubcommand(spec);
    }

    public static void main(String[] args) {
        Logging.install();
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine newCommandLine() {
        return HelpLayout.apply(CliErrors.configure(new CommandLine(new KvrouteCommand())));
    }
}
