package io.kvroute.kv.cli;

import io.kvroute.kv.store.KvStoreException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * How every kvroute command reports failures: one line naming the flag, key or endpoint and what was expected,
 * exit code 2 for usage errors and 1 for runtime failures, and a stack trace only with {@code --log.level=debug}.
 */
public final class CliErrors {
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

    private static int onBadParameters(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for the flags.");
        printStackTrace(err, e);
        return CliException.USAGE;
    }

    private static int onFailure(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        int exitCode;
        String message;
        if (e instanceof CliException cli) {
            exitCode = cli.exitCode();
            message = cli.getMessage();
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
