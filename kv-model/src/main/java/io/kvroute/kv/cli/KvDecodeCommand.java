package io.kvroute.kv.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.store.KvPair;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kvroute kv decode}: pairs in, Traefik's decoded configuration and the problems out. */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description = {
            "Decode key/value pairs the way Traefik does.",
            "",
            "Print {\"config\": ..., \"problems\": [...]}. Input: a JSON object "
                    + "{\"traefik/http/routers/web/rule\": \"Host(`a`)\", ...}; an object with a \"pairs\" member "
                    + "(the test-vector format) works too. config uses Traefik's JSON field names and decode-time "
                    + "defaults; durations print as Go prints them (100ms, 1m30s). For v1 keys config holds "
                    + "{\"backends\", \"frontends\"} in Traefik 1.x's names. An entity whose keys do not decode is "
                    + "left out and reported; one that decodes but cannot be used (a server URL 'foobar') stays in "
                    + "config and is reported."
        },
        optionListHeading = "%nOptions:%n",
        footer = {
            "",
            "Examples:",
            "  kvroute kv decode units/examples/pairs.json",
            "      the hello service's keys, and the problem of a router with priority 'high'",
            "  kvroute kv dump --etcd | kvroute kv decode",
            "      what the proxy would make of the keys in a local etcd",
            "",
            "Exit codes: 0 decoded (even with problems), 2 unreadable input or bad flags."
        })
final class KvDecodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = "traefik",
            description = "Root key (default: ${DEFAULT-VALUE}); v1 keys are also found under /P.")
    String prefix;

    @Option(names = "--layout", paramLabel = "auto|v1|v2|v3", defaultValue = "auto",
            converter = LayoutChoiceConverter.class,
            description = "Which layout to decode (default: ${DEFAULT-VALUE}: whatever keys are present).")
    LayoutChoice layout;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-", defaultValue = "-",
            description = "JSON file with the pairs, or - for standard input (default).")
    String input;

    /** Where {@code -} reads from; tests replace it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        List<KvPair> pairs = PairsJson.read(input, stdin);
        DecodedConfig decoded = ConfigDecoder.decode(pairs, prefix, layout);
        ObjectNode output = DecodeOutput.toJson(decoded);
        spec.commandLine().getOut().println(PairsJson.pretty(output));
        return 0;
    }
}
