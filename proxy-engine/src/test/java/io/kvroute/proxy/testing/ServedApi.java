package io.kvroute.proxy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.store.KvStore;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.web.WebOptions;
import io.kvroute.proxy.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real ProxyRuntime on a store and its open web server (API, dashboard, {@code /metrics}) on a free loopback port,
 * started once its first configuration is applied; requests to the API. Closing it closes the web server, the
 * runtime and the store it was given.
 */
public final class ServedApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final KvStore kv;
    private final ProxyRuntime runtime;
    private final WebServer web;

    private ServedApi(KvStore kv, ProxyRuntime runtime, WebServer web) {
        this.kv = kv;
        this.runtime = runtime;
        this.web = web;
    }

    /** Serves the runtime of {@code kv} (whose keys are written beforehand) and waits for its first configuration. */
    public static ServedApi start(KvStore kv, ProxySettings settings) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProxyRuntime runtime = ProxyRuntime.start(kv, settings, registry);
        WebServer web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime, registry);
        ServedApi served = new ServedApi(kv, runtime, web);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.config().isPresent()
                    && runtime.snapshot().routing().generation() > 0);
        } catch (RuntimeException | Error e) {
            served.close();
            throw e;
        }
        return served;
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    public InetSocketAddress webAddress() {
        return web.address();
    }

    /** The JSON body of {@code path}, asserted to answer 200. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    public int status(String path) throws IOException, InterruptedException {
        return send(path).statusCode();
    }

    /** The whole answer to a GET of {@code path}: status, headers and body. */
    public HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.address().getPort() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        web.close();
        runtime.close();
        kv.close();
    }
}
