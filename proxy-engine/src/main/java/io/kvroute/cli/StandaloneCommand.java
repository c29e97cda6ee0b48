package io.kvroute.cli;

import io.kvroute.agent.cli.DiscoveryOptions;
import io.kvroute.agent.registration.LeaseTiming;
import io.kvroute.agent.runtime.AgentRuntime;
import io.kvroute.agent.runtime.AgentSettings;
import io.kvroute.agent.runtime.DiscoverySources;
import io.kvroute.agent.runtime.KeyDestination;
import io.kvroute.kv.cli.DurationConverter;
import io.kvroute.kv.cli.UntilStopped;
import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.memory.MemoryKvStore;
import io.kvroute.proxy.accesslog.AccessLogSettings;
import io.kvroute.proxy.acme.AcmeResolverSettings;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.web.WebOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code kvroute standalone}: the agent's discovery and the proxy in one process, over the in-process store. */
@Command(
        name = "standalone",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        customSynopsis = {
            "kvroute standalone (--docker | --services=FILE)",
            "                          [--entrypoints.NAME.address=[HOST]:PORT]... [--web]",
            "                          [--web.address=HOST:PORT] [OPTIONS]",
            ""
        },
        description = {
            "Agent and proxy in one process over an in-process store, for one host.",
            "",
            "One host, nothing else installed: discover services from the local Docker engine (--docker) "
                    + "and/or a services file (--services) and route HTTP to them, with the agent and the proxy "
                    + "in one process over an in-process store (Traefik v3 key layout, same rules, labels, health "
                    + "checks and dashboard as the separate commands). Containers come and go without a reload: "
                    + "like nginx-proxy, but without regenerating a config or dropping connections.",
            "",
            "Entry points use Traefik's flag: --entrypoints.NAME.address=[HOST]:PORT (repeatable). Default: web "
                    + "on :80 as in Traefik when this process may bind ports below 1024 (root or "
                    + "CAP_NET_BIND_SERVICE), else web on :8000, said in the log. Published ports are reached on "
                    + "--host-ip (default here: 127.0.0.1).",
            "",
            "The per-entry-point safety flags of 'kvroute proxy --help' (encodedCharacters, sanitizePath, "
                    + "underscoreHeadersStrategy, forwardedHeaders), its HTTPS flags (--entrypoints.NAME.http.tls, "
                    + "redirections) and its ACME flags (--certificatesresolvers.NAME.acme.*, --acme.storage.*) "
                    + "apply here too; the ACME state is kept in the in-process store, so it lasts as long as the "
                    + "process."
        },
        optionListHeading = "%nOptions:%n",
        footer = {
            "",
            "Examples:",
            "  kvroute standalone --services units/examples/hello.yaml \\",
            "      --entrypoints.web.address=127.0.0.1:8000 --web",
            "      route hello.localhost on 127.0.0.1:8000 to the two servers of the file",
            "      (start them first: java units/examples/HelloBackend.java 9001, and the",
            "      same with 9002); dashboard on 127.0.0.1:8080",
            "  kvroute standalone --docker --entrypoints.web.address=:80 --web",
            "      route to the labelled containers of the local Docker engine on :80",
            "",
            "Exit codes: 143 stopped by SIGTERM, 1 failed at start (an address that cannot be bound, a --services "
                    + "file missing or invalid without --services.optional), 2 bad flags."
        })
final class StandaloneCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneCommand.class);
    private static final String PREFIX = "traefik";
    /** The entry point when none is given and ports below 1024 cannot be bound. */
    private static final InetSocketAddress UNPRIVILEGED_WEB = new InetSocketAddress(8000);

    @Spec
    CommandSpec spec;

    @Mixin
    ServingOptions serving;

    @Mixin
    DiscoveryOptions discovery;

    @Option(names = "--drain-grace", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "On SIGTERM, how long servers stay drained before the proxy stops (default: ${DEFAULT-VALUE}).")
    Duration drainGrace;

    @Unmatched
    List<String> entryPointFlags = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        UnknownFlags.check(spec, entryPointFlags);
        InetSocketAddress defaultWeb = PrivilegedPorts.mayBind(EntryPointFlags.TRAEFIK_WEB.getPort())
                ? EntryPointFlags.TRAEFIK_WEB : UNPRIVILEGED_WEB;
        ProxySettings proxySettings;
        Optional<WebOptions> web;
        AgentSettings agentSettings;
        AcmeFlags.Parsed acme;
        Optional<AccessLogSettings> accessLog;
        try {
            if (!discovery.discoversAnything()) {
                throw new IllegalArgumentException(
                        "nothing to discover (expected: --docker, --docker.endpoint=... or --services=FILE)");
            }
            acme = AcmeFlags.parse(entryPointFlags,
                    Optional.ofNullable(System.getenv(AcmeResolverSettings.LEGO_CA_CERTIFICATES)));
            proxySettings = serving.settings(PREFIX, acme.rest(), defaultWeb);
            acme.check(proxySettings.entryPoints().keySet(), PREFIX);
            web = serving.web();
            accessLog = serving.accessLog(acme.rest());
            DiscoverySources sources = discovery.sources(Optional.of("127.0.0.1"), RuleSyntax.V3);
            agentSettings = new AgentSettings(discovery.nodeName(), new KeyDestination(Layout.V3, PREFIX, false), sources,
                    LeaseTiming.DEFAULT, drainGrace, new InetSocketAddress("127.0.0.1", 0));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (defaultWeb != EntryPointFlags.TRAEFIK_WEB && !EntryPointFlags.givesAnAddress(acme.rest())) {
            LOG.info("no --entrypoints.NAME.address given and this process may not bind ports below 1024 (root or "
                    + "CAP_NET_BIND_SERVICE): entry point web listens on :{} instead of Traefik's :{}",
                    UNPRIVILEGED_WEB.getPort(), EntryPointFlags.TRAEFIK_WEB.getPort());
        }
        MemoryKvStore kv = new MemoryKvStore();
        ProxyProcess proxy;
        try {
            proxy = ProxyProcess.start(kv, proxySettings, web, acme.resolvers(), acme.storage(), accessLog);
        } catch (RuntimeException e) {
            kv.close();
            throw e instanceof IllegalArgumentException bad
                    ? new ParameterException(spec.commandLine(), bad.getMessage(), bad) : e;
        }
        AgentRuntime agent;
        try {
            agent = AgentRuntime.start(agentSettings, kv);
        } catch (RuntimeException e) {
            proxy.close();
            kv.close();
            throw e;
        }
        UntilStopped.await("kvroute-standalone-stop", () -> {
            agent.stop();
            proxy.close();
            kv.close();
        });
        return 0;
    }
}
