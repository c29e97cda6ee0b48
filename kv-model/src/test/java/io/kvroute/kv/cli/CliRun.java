package io.kvroute.kv.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a command in-process the way {@code kvroute} does and captures its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(Object command, String... args) {
        return of(command, null, args);
    }

    static CliRun of(Object command, InputStream stdin, String... args) {
        CommandLine commandLine = CliErrors.configure(new CommandLine(command));
        if (stdin != null) {
            ((KvDecodeCommand) commandLine.getSubcommands().get("decode").getCommand()).stdin = stdin;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
