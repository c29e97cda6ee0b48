package io.kvroute.cli;

import io.kvroute.kv.store.KvStore;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.web.WebOptions;
import io.kvroute.proxy.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/** A started proxy and its optional {@code --web} listener, stopped together (web first, then the entry points). */
final class ProxyProcess implements AutoCloseable {
    private final ProxyRuntime runtime;
    private final Optional<WebServer> web;

    private ProxyProcess(ProxyRuntime runtime, Optional<WebServer> web) {
        this.runtime = runtime;
        this.web = web;
    }

    /**
     * @throws IllegalArgumentException when the web listener's options are refused (e.g. open address without auth)
     */
    static ProxyProcess start(KvStore kv, ProxySettings settings, Optional<WebOptions> webOptions) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProxyRuntime runtime = ProxyRuntime.start(kv, settings, registry);
        try {
            return new ProxyProcess(runtime, webOptions.map(options -> WebServer.start(options, runtime, registry)));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    @Override
    public void close() {
        web.ifPresent(WebServer::close);
        runtime.close();
    }
}
