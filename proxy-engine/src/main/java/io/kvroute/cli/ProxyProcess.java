package io.kvroute.cli;

import io.kvroute.kv.store.KvStore;
import io.kvroute.proxy.acme.AcmeManager;
import io.kvroute.proxy.acme.AcmeResolverSettings;
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

    /**
     * The proxy with ACME {@code resolvers} (none: no resolver runs) keeping their state in {@code kv}: each answers
     * HTTP-01 on its {@code httpChallenge.entryPoint} before routing and orders for the routers of every decode.
     *
     * @throws IllegalArgumentException when the web listener's options or the ACME storage key file or CA
     *     certificates are refused
     */
    static ProxyProcess start(KvStore kv, ProxySettings settings, Optional<WebOptions> webOptions,
            List<AcmeResolverSettings> resolvers, AcmeStorageSettings storage) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Optional<AcmeManager> acme = resolvers.isEmpty() ? Optional.empty()
                : Optional.of(AcmeManager.start(kv, resolvers, storage, Clock.systemUTC()));
        RuntimeExtensions extensions = acme.map(ProxyProcess::extensions).orElse(RuntimeExtensions.NONE);
        ProxyRuntime runtime;
        try {
            runtime = ProxyRuntime.start(kv, settings, registry, extensions);
        } catch (RuntimeException e) {
            acme.ifPresent(AcmeManager::close);
            throw e;
        }
        try {
            return new ProxyProcess(runtime, webOptions.map(options -> WebServer.start(options, runtime, registry)),
                    acme);
        } catch (RuntimeException e) {
            runtime.close();
            acme.ifPresent(AcmeManager::close);
            throw e;
        }
    }

    /** The resolvers' HTTP-01 answers in front of routing on their entry points, and every decode to order for. */
    private static RuntimeExtensions extensions(AcmeManager acme) {
        Map<String, UnaryOperator<HttpHandler>> beforeRouting = new HashMap<>();
        acme.http01EntryPoints().forEach(name -> beforeRouting.put(name, acme::http01Handler));
        return new RuntimeExtensions(beforeRouting, acme::configure);
    }

    @Override
    public void close() {
        web.ifPresent(WebServer::close);
        runtime.close();
        acme.ifPresent(AcmeManager::close);
    }
}
