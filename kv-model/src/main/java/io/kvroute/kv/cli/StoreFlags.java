package io.kvroute.kv.cli;

import io.kvroute.kv.store.StoreSettings;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns {@link StoreOptions} into settings, reporting a bad flag as a usage error of the running command. */
final class StoreFlags {
    private StoreFlags() {
    }

    static StoreSettings settings(CommandSpec spec, StoreOptions options, Optional<StoreSettings> fallback) {
        try {
            return options.toSettings(fallback);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
