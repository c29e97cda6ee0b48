package io.kvroute.kv.cli;

import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.model.Problem;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kvroute kv lint}: read the store's keys and report every problem, one per line. */
@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        customSynopsis = {
            "kvroute kv lint [STORE] [--prefix=P] [--layout=auto|v1|v2|v3] [--store.timeout=DURATION]",
            "  STORE: --etcd[.endpoint=HOST:PORT,...] or --consul[.endpoint=HOST:PORT,...]",
            ""
        },
        description = {
            "Report every problem of the keys in the store, one per line.",
            "",
            "Read every key under the prefix from the store (v2/v3 under P/, v1 under P/ and /P/) and print "
                    + "one line per problem: severity, key, value and what was expected."
        },
        optionListHeading = "%nOptions:%n",
        footer = {
            "",
            "Examples:",
            "  kvroute kv lint --etcd.endpoint=10.0.0.5:2379",
            "      every broken key under traefik/ in that etcd",
            "  kvroute kv lint --etcd --layout=v2",
            "      a store written for Traefik v2: routers without ruleSyntax have v2 rules (as the proxy's "
                    + "--layout=v2 reads them)",
            "",
            "Exit codes: 0 no errors (warnings allowed), 1 errors found or store unreachable, 2 bad flags."
        })
final class KvLintCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreRoot root;

    @Option(names = "--layout", paramLabel = "auto|v1|v2|v3", defaultValue = "auto",
            converter = LayoutChoiceConverter.class,
            description = "Which layout to read (default: ${DEFAULT-VALUE}: whatever keys are present, rules "
                    + "without ruleSyntax in v3 syntax); v2 reads them in Traefik v2 syntax, as the proxy's "
                    + "--layout=v2.")
    LayoutChoice layout;

    @Override
    public Integer call() {
        StoreRoot.Read read = root.read(spec);
        DecodedConfig decoded = ConfigDecoder.decode(read.pairs(), root.prefix, layout);
        PrintWriter out = spec.commandLine().getOut();
        long errors = 0;
        for (Problem problem : decoded.problems()) {
            out.println(problem.toLine());
            errors += problem.isError() ? 1 : 0;
        }
        String where = " under " + root.prefix + " in " + read.store();
        out.println(decoded.problems().isEmpty() ? "no problems" + where
                : decoded.problems().size() + " problems (" + errors + " errors)" + where);
        return errors > 0 ? CliException.RUNTIME : 0;
    }
}
