package io.kvroute.kv.cli;

import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.StoreSettings;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The store flags plus {@code --prefix}: what {@code kv lint} and {@code kv dump} read from. */
final class StoreRoot {
    @Mixin
    StoreOptions store;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = "traefik", description = "Root key (default: ${DEFAULT-VALUE}).")
    String prefix;

    /** What was read, and from which store. */
    record Read(List<KvPair> pairs, String store) {
    }

    /**
     * Every pair under the prefix ({@code P...} and {@code /P/...}); bad store flags are a usage error of {@code spec},
     * a store that refuses connections a runtime failure at once.
     */
    Read read(CommandSpec spec) {
        StoreSettings settings = StoreFlags.settings(spec, store, Optional.empty());
        StoreProbe.unreachable(settings).ifPresent(problem -> {
            throw CliException.runtime(problem);
        });
        try (KvStore kv = KvStores.open(settings)) {
            return new Read(StoreReads.listLayoutRoots(kv, prefix), kv.describe());
        }
    }
}
