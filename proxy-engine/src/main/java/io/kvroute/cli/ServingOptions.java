package io.kvroute.cli;

import io.kvroute.kv.cli.DurationConverter;
import io.kvroute.kv.cli.SocketAddressFlag;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.web.WebOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How the proxy serves: the flags {@code proxy} and {@code standalone} share (entry points come as unmatched flags). */
final class ServingOptions {
    @Option(names = "--web", description = "Serve the dashboard, Traefik's API, /ping and /metrics on --web.address.")
    boolean web;

    @Option(names = "--web.address", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Where --web listens (default: ${DEFAULT-VALUE}); beyond loopback it needs --web.auth.*.")
    String webAddress;

    @Option(names = "--web.auth.basic", paramLabel = "USER:HASH",
            description = "A user allowed on --web (bcrypt, apr1 or SHA hash as htpasswd writes it); repeatable.")
    List<String> webUsers = new ArrayList<>();

    @Option(names = "--web.auth.usersfile", paramLabel = "FILE",
            description = "An htpasswd file of users allowed on --web (user:hash lines, # comments).")
    Path webUsersFile;

    @Option(names = "--proxy.timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Longest a proxied request may take; then 504 (default: ${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--proxy.retries", paramLabel = "N", defaultValue = "2",
            description = "Other servers an idempotent request is retried on after a failed connect "
                    + "(default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--shutdown.grace", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long SIGTERM waits for requests in flight (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    /**
     * @throws IllegalArgumentException naming the flag that is wrong
     */
    ProxySettings settings(String prefix, List<String> entryPointFlags) {
        EntryPointFlags.EntryPoints entryPoints = EntryPointFlags.parse(entryPointFlags);
        return new ProxySettings(entryPoints.addresses(), prefix, requestTimeout, retries, 64 * 1024,
                64L * 1024 * 1024, shutdownGrace, entryPoints.options());
    }

    /** The {@code --web} listener's options, when {@code --web} was given. */
    Optional<WebOptions> web() {
        return web ? Optional.of(new WebOptions(SocketAddressFlag.parse("--web.address", webAddress), webUsers,
                Optional.ofNullable(webUsersFile))) : Optional.empty();
    }
}
