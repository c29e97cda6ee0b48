package io.kvroute.kv.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvroute.kv.store.KvPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kvroute kv dump}: the raw pairs under the prefix, as JSON that {@code kv decode} reads back. */
@Command(
        name = "dump",
        mixinStandardHelpOptions = true,
        customSynopsis = {
            "kvroute kv dump [STORE] [--prefix=P] [--store.timeout=DURATION]",
            "  STORE: --etcd[.endpoint=HOST:PORT,...] or --consul[.endpoint=HOST:PORT,...]",
            ""
        },
        description = {
            "Print the keys and values under the prefix as JSON.",
            "",
            "Print every key under the prefix (and, for v1 on etcd, under /P) with its value as one JSON "
                    + "object, sorted by key: `kvroute kv dump --etcd | kvroute kv decode` shows what the proxy would "
                    + "decode."
        },
        optionListHeading = "%nOptions:%n",
        footer = {
            "",
            "Examples:",
            "  kvroute kv dump --etcd | kvroute kv decode",
            "      what the proxy would make of the keys in a local etcd",
            "",
            "Exit codes: 0 ok, 1 store unreachable, 2 bad flags."
        })
final class KvDumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreRoot root;

    @Override
    public Integer call() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (KvPair pair : root.read(spec).pairs()) {
            out.put(pair.key(), pair.value());
        }
        spec.commandLine().getOut().println(PairsJson.pretty(out));
        return 0;
    }
}
