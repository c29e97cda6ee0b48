package io.kvroute.kv.cli;

import com.google.common.base.Strings;
import io.kvroute.kv.store.KvStoreException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;

/**
 * How every kvroute command reports failures: one line naming the flag, key or endpoint and what was expected,
 * exit code 2 for usage errors and 1 for runtime failures, and a stack trace only with {@code --log.level=debug}.
 */
public final class CliErrors {
    private static final int MAX_SUGGESTIONS = 3;
    private static volatile boolean stackTraces;

    private CliErrors() {
    }

    /** Turns stack traces of failures on (debug/trace logging) or off. */
    public static void setStackTraces(boolean enabled) {
        stackTraces = enabled;
    }

    /** Installs the handlers on a command line and returns it. */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setParameterExceptionHandler(CliErrors::onBadParameters);
        commandLine.setExecutionExceptionHandler(CliErrors::onFailure);
        return commandLine;
    }

    /**
     * What a command made of subcommands does when run without one: says so in one line, prints its usage, all on
     * stderr, and returns the usage exit code.
     */
    public static int missingSubcommand(CommandLine.Model.CommandSpec spec) {
        CommandLine command = spec.commandLine();
        PrintWriter err = command.getErr();
        err.println(spec.qualifiedName() + ": missing command (expected one of: "
                + String.join(", ", command.getSubcommands().keySet()) + ")");
        command.usage(err);
        err.flush();
        return CliException.USAGE;
    }

    private static int onBadParameters(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            List<String> closest = closest(unmatched.getUnmatched().get(0), unmatched.getSuggestions());
            if (!closest.isEmpty()) {
                err.println("Possible solutions: " + String.join(", ", closest));
            }
        }
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the flags.");
        printStackTrace(err, e);
        return CliException.USAGE;
    }

    /**
     * Of picocli's suggestions for an unknown {@code arg} (for an option, every one that shares its first two
     * letters), the few that share the longest prefix with it, nearest in length first: {@code --servics=FILE} gets
     * {@code --services}, not every {@code --se...} flag.
     */
    static List<String> closest(String arg, List<String> suggestions) {
        String name = arg.split("=", 2)[0];
        int longest = suggestions.stream().mapToInt(option -> Strings.commonPrefix(name, option).length()).max()
                .orElse(0);
        return suggestions.stream().filter(option -> Strings.commonPrefix(name, option).length() == longest)
                .sorted(Comparator.comparingInt(option -> Math.abs(option.length() - name.length())))
                .limit(MAX_SUGGESTIONS).toList();
    }

    private static int onFailure(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        int exitCode;
        String message;
        if (e instanceof CliException cli) {
            exitCode = cli.exitCode();
            message = cli.getMessage();
        } else if (e instanceof CannotListen listen) {
            exitCode = CliException.RUNTIME;
            message = listen.getMessage();
        } else if (e instanceof KvStoreException store) {
            exitCode = CliException.RUNTIME;
            message = "store " + store.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + store.getMessage();
        } else if (e instanceof IllegalArgumentException bad) {
            exitCode = CliException.USAGE;
            message = bad.getMessage();
        } else {
            exitCode = CliException.RUNTIME;
            message = "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (stackTraces ? "" : " (run with --log.level=debug for the stack trace)");
        }
        err.println(name + ": " + message);
        printStackTrace(err, e);
        return exitCode;
    }

    private static void printStackTrace(PrintWriter err, Exception e) {
        if (stackTraces) {
            e.printStackTrace(err);
        }
        err.flush();
    }
}
