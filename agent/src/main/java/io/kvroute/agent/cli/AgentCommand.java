package io.kvroute.agent.cli;

import io.kvroute.agent.registration.LeaseTiming;
import io.kvroute.agent.registration.RegistrarStatus.LeaseState;
import io.kvroute.agent.runtime.AgentRuntime;
import io.kvroute.agent.runtime.AgentSettings;
import io.kvroute.agent.runtime.DiscoverySources;
import io.kvroute.agent.runtime.KeyDestination;
import io.kvroute.kv.cli.DurationConverter;
import io.kvroute.kv.cli.SocketAddressFlag;
import io.kvroute.kv.cli.StoreOptions;
import io.kvroute.kv.cli.StoreProbe;
import io.kvroute.kv.cli.UntilStopped;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.StoreSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code kvroute agent}: runs an {@link AgentRuntime} with the flags of CLI.md until SIGTERM or SIGINT, when a
 * shutdown hook drains this host's servers, waits {@code --drain-grace}, deletes its keys and revokes its lease.
 * Neither an unreachable store nor a missing Docker engine ends it: both are waited out with a warning.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = {
            "kvroute agent [STORE] [--prefix=P] [--layout=v3|v2|v1] [--node-name=N]",
            "                     [--host-ip=IP] [--ttl=15s] [--docker]",
            "                     [--docker.endpoint=unix:///PATH|tcp://HOST:PORT]",
            "                     [--docker.tls.certdir=DIR] [--docker.network=NAME]",
            "                     [--exposed-by-default=true|false]",
            "                     [--default-rule=TEMPLATE] [--services=FILE [--services.optional]]",
            "                     [--drain-grace=5s] [--health.address=127.0.0.1:8082]",
            "  STORE: --etcd[.endpoint=HOST:PORT,...] or --consul[.endpoint=HOST:PORT,...]",
            ""
        },
        description = {
            "Keep this host's containers and static services registered in etcd or Consul.",
            "",
            "Run on every host: watch the local Docker engine (--docker) and a services",
            "file (--services), and keep this host's servers and routes registered in",
            "etcd or Consul in Traefik's key layout, every key bound to one TTL lease of",
            "this agent. Server keys are named <node>--<container>-<port>; router and",
            "service keys are shared, byte-identical, by every agent serving the service.",
            "",
            "SIGTERM drains this host's servers (weight 0; removed for v2), waits",
            "--drain-grace, deletes the keys and revokes the lease; a store that does not",
            "take the drain within a few seconds leaves the keys to expire with the lease",
            "instead (the last log line says which). After a crash the keys expire within",
            "--ttl. The agent never exits because the store or Docker is unreachable: it",
            "warns (at once when the store refuses connections), retries, and /health",
            "answers 503 with the reason.",
            "",
            "The kvroute launcher starts the agent with small-footprint JVM options; with",
            "java -jar kvroute.jar agent, give them yourself: -Xms8m -Xmx32m -Xmn2m",
            "-Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            "-XX:CompileThresholdScaling=10 -XX:ReservedCodeCacheSize=16m",
            "and -XX:TrimNativeHeapInterval=5000 where your java takes it."
        },
        optionListHeading = "%nOptions:%n",
        footer = {
            "",
            "Examples:",
            "  kvroute agent --etcd.endpoint=10.0.0.5:2379 --docker",
            "      publish this host's labelled containers for Traefik v3 under traefik/",
            "  kvroute agent --etcd.endpoint=10.0.0.5:2379 --docker --layout v1 \\",
            "      --default-rule 'Host(`{{name}}.apps.example.com`)'",
            "      for Traefik 1.x: /traefik/backends/..., one subdomain per container",
            "  kvroute agent --consul.endpoint=127.0.0.1:8500 --node-name edge1 \\",
            "      --services units/examples/services.yaml",
            "      announce processes outside Docker from a YAML file, reloaded on change",
            "",
            "Containers opt in with Traefik labels (traefik.http.routers.R.rule,",
            "traefik.http.services.S.loadbalancer.server.port, traefik.frontend.rule,",
            "traefik.port), nginx-proxy's VIRTUAL_HOST/VIRTUAL_PORT, or kvroute.port and",
            "kvroute.address; traefik.enable=false leaves one out. A container with a",
            "HEALTHCHECK is published once healthy. Its address: the kvroute.address label,",
            "else --docker.network, else a port published on --host-ip, else (host",
            "network) the declared port on --host-ip.",
            "",
            "GET /health on --health.address answers 200, or 503 with the reasons as JSON;",
            "its problems list a services file edit that was refused (the last good",
            "services stay registered) until the file is fixed. GET /metrics answers",
            "Prometheus text.",
            "",
            "Exit codes: 2 bad flags (one line naming the flag), 1 the health address",
            "cannot be bound or the --services file is missing or invalid (one line with",
            "the file, line and what was expected; --services.optional starts without",
            "it); otherwise the agent runs until SIGTERM or SIGINT."
        })
public final class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    DiscoveryOptions discovery;

    @Option(names = "--prefix", paramLabel = "P", defaultValue = "traefik",
            description = "Root key (default: ${DEFAULT-VALUE}); v1 keys go under /P on etcd, P on Consul.")
    String prefix;

    @Option(names = "--layout", paramLabel = "v3|v2|v1", defaultValue = "v3", converter = LayoutConverter.class,
            description = "Traefik version to write keys for (default: ${DEFAULT-VALUE}). v2 has no server weights, "
                    + "v1 is Traefik 1.x's backends/frontends.")
    Layout layout;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "15s", converter = DurationConverter.class,
            description = "Lease TTL: how long keys outlive a crash; kept alive every TTL/3 (default: "
                    + "${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--drain-grace", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "On SIGTERM, how long drained servers stay (weight 0) before their keys are deleted "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration drainGrace;

    @Option(names = "--health.address", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8082",
            description = "Where /health and /metrics listen; port 0 picks a free port (default: ${DEFAULT-VALUE}).")
    String healthAddress;

    @Option(names = "--reconcile-interval", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Periodic re-check of the keys on top of the event-driven ones (default: ${DEFAULT-VALUE}).")
    Duration reconcileInterval;

    @Override
    public Integer call() throws InterruptedException {
        StoreSettings storeSettings = store.toSettings(Optional.empty());
        AgentSettings settings = settings(storeSettings);
        KvStore kv = KvStores.openForAgent(storeSettings);
        AgentRuntime runtime;
        try {
            runtime = AgentRuntime.start(settings, kv);
        } catch (RuntimeException e) {
            kv.close();
            throw e;
        }
        UntilStopped.onStop("kvroute-agent-stop", () -> {
            runtime.stop();
            kv.close();
        });
        if (!StoreProbe.warnIfUnreachable(spec, storeSettings, "retrying until it answers")) {
            warnWhileTheStoreIsUnreachable(runtime, kv, storeSettings.requestTimeout().plusSeconds(1));
        }
        new CountDownLatch(1).await();
        return 0;
    }

    /** The flags as settings, each checked once; v1 keys start with {@code /} on etcd, not on Consul. */
    private AgentSettings settings(StoreSettings storeSettings) {
        DiscoverySources sources = discovery.sources(Optional.empty(), switch (layout) {
            case V1 -> RuleSyntax.V1;
            case V2 -> RuleSyntax.V2;
            case V3 -> RuleSyntax.V3;
        });
        InetSocketAddress health = SocketAddressFlag.parse("--health.address", healthAddress);
        String node = discovery.nodeName();
        KeyDestination keys = new KeyDestination(layout, prefix, storeSettings.type() != StoreSettings.Type.CONSUL);
        return new AgentSettings(node, keys, sources, new LeaseTiming(ttl, reconcileInterval), drainGrace, health);
    }

    /** Prints one warning when the store has not given the agent a lease within {@code wait}; never gives up. */
    private void warnWhileTheStoreIsUnreachable(AgentRuntime runtime, KvStore kv, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (runtime.registrarStatus().leaseState() == LeaseState.ACTIVE) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        spec.commandLine().getErr().println(spec.qualifiedName() + ": warning: " + kv.describe()
                + " has not answered within " + wait.toMillis() + " ms; retrying until it does ("
                + String.join("; ", runtime.health().reasons()) + ")");
        spec.commandLine().getErr().flush();
    }

    /** Reads {@code --layout v3|v2|v1}. */
    static final class LayoutConverter implements ITypeConverter<Layout> {
        @Override
        public Layout convert(String value) {
            try {
                return Layout.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' (expected: v3, v2 or v1)");
            }
        }
    }
}
