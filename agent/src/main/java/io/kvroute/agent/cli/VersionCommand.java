package io.kvroute.agent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kvroute version}: prints the version, like {@code kvroute --version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print kvroute's version.")
public final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        for (String line : new VersionProvider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
    }
}
