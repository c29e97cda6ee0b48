package io.kvroute.proxy.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.store.StoreStatus;
import io.kvroute.proxy.config.ConfigStamp;
import io.kvroute.proxy.config.ConfigWatcher;
import io.undertow.server.HttpHandler;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What the process adds to a running proxy that routing knows nothing of: per entry point, a handler in front of
 * routing (ACME's HTTP-01 answers on {@code httpChallenge.entryPoint}, as Traefik's challenge router outranks all
 * others), every decoded configuration as it is read (the routers ACME orders certificates for), and the names of
 * the certificate resolvers configured (a router naming another is warned about).
 */
public record RuntimeExtensions(Map<String, UnaryOperator<HttpHandler>> beforeRouting,
        Consumer<DecodedConfig> decoded, Set<String> certResolvers) {
    /** Nothing added. */
    public static final RuntimeExtensions NONE = new RuntimeExtensions(Map.of(), config -> { }, Set.of());

    public RuntimeExtensions {
        beforeRouting = Map.copyOf(beforeRouting);
        requireNonNull(decoded, "decoded");
        certResolvers = Set.copyOf(certResolvers);
    }

    /** {@code routing} of entry point {@code name}, behind what is to come before it there. */
    HttpHandler wrap(String name, HttpHandler routing) {
        return beforeRouting.getOrDefault(name, UnaryOperator.identity()).apply(routing);
    }

    /**
     * {@code listener}, and {@link #decoded} after it with every configuration it gets (once: not again when the same
     * one comes with a newer stamp).
     */
    ConfigWatcher.Listener tee(ConfigWatcher.Listener listener) {
        return new ConfigWatcher.Listener() {
            /** The configuration passed to {@link #decoded} last; the watcher calls one at a time. */
            private DecodedConfig passedOn;

            @Override
            public void configChanged(DecodedConfig config, ConfigStamp stamp) {
                listener.configChanged(config, stamp);
                if (config != passedOn) {
                    passedOn = config;
                    decoded.accept(config);
                }
            }

            @Override
            public void storeStatusChanged(StoreStatus status, String store) {
                listener.storeStatusChanged(status, store);
            }
        };
    }
}
