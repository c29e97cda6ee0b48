package io.kvroute.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code kvroute} in-process as its main class does (same command line and error handlers) and captures the
 * exit code and what it printed. For runs that end by themselves: a command that starts serving blocks until the JVM
 * stops.
 */
record KvrouteRun(int exitCode, String out, String err) {

    static KvrouteRun of(String... args) {
        CommandLine commandLine = KvrouteCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new KvrouteRun(exitCode, out.toString(), err.toString());
    }

    /** The lines printed on stderr. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
