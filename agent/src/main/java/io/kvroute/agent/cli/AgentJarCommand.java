package io.kvroute.agent.cli;

import ch.qos.logback.classic.Level;
import io.kvroute.kv.cli.CliErrors;
import io.kvroute.kv.cli.HelpLayout;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code kvroute} command of kvroute-agent.jar, the agent-only jar the launcher runs {@code kvroute agent} from:
 * {@code agent}, {@code version} and {@code help} with the root's {@code --log.level}, so {@code kvroute agent}
 * behaves and helps exactly as in kvroute.jar. The jar holds the agent's classes and dependencies only (no proxy, no
 * jetcd, gRPC or Netty): a smaller jar whose central directory, which the JDK keeps on the heap, costs the agent less
 * resident memory.
 */
@Command(
        name = "kvroute",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Keeps Docker containers and static services registered in etcd or Consul",
            "in Traefik's key layout, bound to a TTL lease.",
            "",
            "This is kvroute-agent.jar: the agent alone. kvroute.jar has every command",
            "(agent, proxy, standalone, kv, version)."
        },
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        subcommands = {AgentCommand.class, VersionCommand.class, CommandLine.HelpCommand.class},
        footer = {
            "",
            "Run 'kvroute agent --help' for the agent's flags.",
            "Exit codes: 0 ok, 1 runtime failure, 2 bad flags or no command."
        })
public final class AgentJarCommand implements Callable<Integer> {

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
        return HelpLayout.apply(CliErrors.configure(new CommandLine(new AgentJarCommand())));
    }
}
