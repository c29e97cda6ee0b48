package io.kvroute.cli;

import io.kvroute.kv.cli.CliException;
import io.kvroute.kv.store.KvStore;
import io.kvroute.proxy.accesslog.AccessLogSettings;
import io.kvroute.proxy.accesslog.CannotOpenAccessLog;
import io.kvroute.proxy.acme.AcmeManager;
import io.kvroute.proxy.acme.AcmeResolverSettings;
import io.kvroute.proxy.acme.AcmeServedCertificates;
import io.kvroute.proxy.acme.AcmeStorageSettings;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.runtime.RuntimeExtensions;
import io.kvroute.proxy.web.WebOptions;
import io.kvroute.proxy.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A started proxy, its optional {@code --web} listener and its ACME resolvers, stopped together (web first, then the
 * entry points, then the resolvers).
 */
final class ProxyProcess implements AutoCloseable {
    private final ProxyRuntime runtime;
    private final Optional<WebServer> web;
    private final Optional<AcmeManager> acme;

    private ProxyProcess(ProxyRuntime runtime, Optional<WebServer> web, Optional<AcmeManager> acme) {
        this.runtime = runtime;
        this.web = web;
        this.acme = acme;
    }

    /**
     * @throws IllegalArgumentException when the web listener's options are refused (e.g. open address without auth)
     */
    static ProxyProcess start(KvStore kv, ProxySettings settings, Optional<WebOptions> webOptions) {
        return start(kv, settings, webOptions, List.of(), AcmeStorageSettings.defaults(Optional.empty()));
    }

    /** The proxy with ACME {@code resolvers}, without an access log. */
    static ProxyProcess start(KvStore kv, ProxySettings settings, Optional<WebOptions> webOptions,
            List<AcmeResolverSettings> resolvers, AcmeStorageSettings storage) {
        return start(kv, settings, webOptions, resolvers, storage, Optional.empty());
    }

    /**
     * The proxy with ACME {@code resolvers} (none: no resolver runs) keeping their state in {@code kv}: each answers
     * HTTP-01 on its {@code httpChallenge.entryPoint} before routing and orders for the routers of every decode; and
     * with an access log when {@code accessLog} is given.
     *
     * @throws IllegalArgumentException when the web listener's options or the ACME storage key file or CA
     *     certificates are refused
     * @throws CliException (runtime) when the access log's file cannot be opened
     */
    static ProxyProcess start(KvStore kv, ProxySettings settings, Optional<WebOptions> webOptions,
            List<AcmeResolverSettings> resolvers, AcmeStorageSettings storage,
            Optional<AccessLogSettings> accessLog) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.systemUTC();
        Optional<AcmeManager> acme = resolvers.isEmpty() ? Optional.empty()
                : Optional.of(AcmeManager.start(kv, resolvers, storage, entryPointResolvers(settings), clock));
        RuntimeExtensions extensions = acme.map(manager -> extensions(manager, resolvers)).orElse(RuntimeExtensions.NONE);
        ProxyRuntime runtime;
        try {
            runtime = ProxyRuntime.start(kv, settings, registry, extensions, accessLog);
        } catch (CannotOpenAccessLog e) {
            acme.ifPresent(AcmeManager::close);
            throw new CliException(CliException.RUNTIME, e.getMessage(), e);
        } catch (RuntimeException e) {
            acme.ifPresent(AcmeManager::close);
            throw e;
        }
        acme.ifPresent(manager -> {
            manager.addListener(snapshot -> runtime.publishManagedCertificates(
                    AcmeServedCertificates.of(snapshot, clock.instant())));
            runtime.publishManagedCertificates(AcmeServedCertificates.of(manager.snapshot(), clock.instant()));
        });
        try {
            return new ProxyProcess(runtime, webOptions.map(options -> WebServer.start(options, runtime, registry)),
                    acme);
        } catch (RuntimeException e) {
            runtime.close();
            acme.ifPresent(AcmeManager::close);
            throw e;
        }
    }

    /**
     * The resolvers' HTTP-01 answers in front of routing on their entry points, every decode to order for, and the
     * resolvers' names (a router naming another is warned about).
     */
    private static RuntimeExtensions extensions(AcmeManager acme, List<AcmeResolverSettings> resolvers) {
        Map<String, UnaryOperator<HttpHandler>> beforeRouting = new HashMap<>();
        acme.http01EntryPoints().forEach(name -> beforeRouting.put(name, acme::http01Handler));
        return new RuntimeExtensions(beforeRouting, acme::configure,
                resolvers.stream().map(AcmeResolverSettings::name).collect(Collectors.toSet()));
    }

    /** Each TLS entry point's {@code http.tls.certResolver}, by entry point name (those naming one). */
    private static Map<String, String> entryPointResolvers(ProxySettings settings) {
        Map<String, String> resolvers = new HashMap<>();
        settings.entryPoints().keySet().forEach(name -> settings.options(name).tls()
                .filter(tls -> !tls.certResolver().isEmpty())
                .ifPresent(tls -> resolvers.put(name, tls.certResolver())));
        return resolvers;
    }

    @Override
    public void close() {
        web.ifPresent(WebServer::close);
        runtime.close();
        acme.ifPresent(AcmeManager::close);
    }
}
