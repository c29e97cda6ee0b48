package io.kvroute.kv.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kvroute kv}: look at configuration in Traefik's key layout, from a file or straight from the store. */
@Command(
        name = "kv",
        mixinStandardHelpOptions = true,
        description = {
            "Decode, lint and dump key/value configuration in Traefik's layout.",
            "",
            "Inspect key/value configuration in Traefik's layout (v1 backends/frontends, v2/v3 http/...). "
                    + "Decoding follows Traefik's own rules, except that a bad key breaks only its own router, service "
                    + "or middleware (reported as a problem) instead of freezing the whole configuration."
        },
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        subcommands = {KvDecodeCommand.class, KvLintCommand.class, KvDumpCommand.class})
public final class KvCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage on stderr, exit code 2. */
    @Override
    public Integer call() {
        return CliErrors.missingSubcommand(spec);
    }
}
