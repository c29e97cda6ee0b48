package io.kvroute.cli;

import io.kvroute.kv.cli.DurationConverter;
import io.kvroute.kv.cli.StoreOptions;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.web.WebOptions;
import io.kvroute.proxy.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code kvroute proxy}: the reverse proxy that routes by the keys in etcd or Consul. */
@Command(
        name = "proxy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Watch Traefik-layout keys in etcd or Consul (v2/v3 under P/, v1 under P/ and /P/) and route",
            "HTTP by their rules to weighted, health-checked servers. A key change routes in milliseconds;",
            "a broken router or service is left out and logged, the rest keeps serving; while the store is",
            "unreachable the last configuration keeps serving.",
            "",
            "Entry points use Traefik's flag: --entrypoints.NAME.address=[HOST]:PORT (repeatable;",
            "default: web on :80). Routers without entryPoints serve on all of them."
        },
        footer = {
            "",
            "Examples:",
            "  kvroute proxy --etcd.endpoint=10.0.0.5:2379 --entrypoints.web.address=:80 --web",
            "  kvroute proxy --consul.endpoint=127.0.0.1:8500 --consul.token=$TOKEN --prefix=traefik",
            "",
            "Exit codes: 143 stopped by SIGTERM (128 + 15, as for every JVM), 1 failed at start, 2 bad flags."
        })
final class ProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = "traefik", description = "Root key (default: ${DEFAULT-VALUE}).")
    String prefix;

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
            description = "Other servers an idempotent request is retried on after a failed connect (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--shutdown.grace", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long SIGTERM waits for requests in flight (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Unmatched
    List<String> entryPointFlags = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        ProxySettings settings;
        WebOptions web;
        try {
            Map<String, InetSocketAddress> entryPoints = EntryPointFlags.parse(entryPointFlags);
            settings = new ProxySettings(entryPoints, prefix, requestTimeout, retries, 64 * 1024, 64L * 1024 * 1024,
                    shutdownGrace);
            web = this.web ? new WebOptions(EntryPointFlags.address("--web.address", webAddress), webUsers,
                    Optional.ofNullable(webUsersFile)) : null;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        KvStore kv = KvStores.open(storeSettings());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProxyRuntime runtime = ProxyRuntime.start(kv, settings, registry);
        WebServer webServer;
        try {
            webServer = web != null ? WebServer.start(web, runtime, registry) : null;
        } catch (IllegalArgumentException e) {
            runtime.close();
            kv.close();
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (webServer != null) {
                webServer.close();
            }
            runtime.close();
            kv.close();
            stopped.countDown();
        }, "kvroute-shutdown"));
        stopped.await();
        return 0;
    }

    private io.kvroute.kv.store.StoreSettings storeSettings() {
        try {
            return store.toSettings(Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
