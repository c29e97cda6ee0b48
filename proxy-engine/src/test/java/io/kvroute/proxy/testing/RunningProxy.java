package io.kvroute.proxy.testing;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.StoreSettings;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.runtime.ProxySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link ProxyRuntime} on a real etcd, serving entry point {@code web} on 127.0.0.1 and an ephemeral port, with the
 * store it reads (emptied of {@code traefik} keys first) and an HTTP/1.1 client. Writes go through etcd, so every
 * test sees the whole path: put, watch, decode, snapshot swap, request.
 */
public final class RunningProxy implements AutoCloseable {
    public static final String ENTRY_POINT = "web";
    private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(10);

    private final KvStore store;
    private final ProxyRuntime runtime;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private RunningProxy(KvStore store, ProxyRuntime runtime) {
        this.store = store;
        this.runtime = runtime;
    }

    /** Entry point {@code web} on 127.0.0.1:0, request timeout 10 s, shutdown grace 5 s, default limits. */
    public static ProxySettings settings() {
        return new ProxySettings(Map.of(ENTRY_POINT, new InetSocketAddress("127.0.0.1", 0)), "traefik",
                Duration.ofSeconds(10), 2, 64 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(5));
    }

    /** {@link #settings()} with {@code options} for entry point {@code web}. */
    public static ProxySettings settings(EntryPointOptions options) {
        ProxySettings defaults = settings();
        return new ProxySettings(defaults.entryPoints(), defaults.prefix(), defaults.requestTimeout(),
                defaults.connectRetries(), defaults.maxHeaderBytes(), defaults.maxBodyBytes(), defaults.shutdownGrace(),
                Map.of(ENTRY_POINT, options));
    }

    public static RunningProxy start(EtcdExtension etcd) {
        return start(etcd, settings());
    }

    /** Empties the {@code traefik} roots of {@code etcd}, then starts the proxy on them. */
    public static RunningProxy start(EtcdExtension etcd, ProxySettings settings) {
        return start(requireNonNull(etcd, "etcd").settings(), settings);
    }

    /** Empties the {@code traefik} roots of the store {@code storeSettings} name, then starts the proxy on them. */
    public static RunningProxy start(StoreSettings storeSettings, ProxySettings settings) {
        KvStore store = KvStores.open(requireNonNull(storeSettings, "storeSettings"));
        store.commit(KvTransaction.builder().deletePrefix("traefik").deletePrefix("/traefik/").build());
        return new RunningProxy(store, ProxyRuntime.start(store, settings, new SimpleMeterRegistry()));
    }

    public ProxyRuntime runtime() {
        return runtime;
    }

    public KvStore store() {
        return store;
    }

    public HttpClient client() {
        return client;
    }

    /** Writes {@code keys} in one transaction and returns its revision, without waiting for the proxy. */
    public long put(Map<String, String> keys) {
        KvTransaction.Builder transaction = KvTransaction.builder();
        keys.forEach(transaction::put);
        return store.commit(transaction.build());
    }

    /** Deletes {@code keys} in one transaction and returns its revision, without waiting for the proxy. */
    public long delete(String... keys) {
        KvTransaction.Builder transaction = KvTransaction.builder();
        for (String key : keys) {
            transaction.delete(key);
        }
        return store.commit(transaction.build());
    }

    /** Writes {@code keys} and waits until the proxy serves a snapshot that includes them. */
    public long apply(Map<String, String> keys) {
        long revision = put(keys);
        awaitRevision(revision);
        return revision;
    }

    /** Waits until the snapshot being served was read at {@code revision} or later. */
    public void awaitRevision(long revision) {
        await("snapshot at revision " + revision).atMost(CONFIG_TIMEOUT).pollInterval(Duration.ofMillis(5))
                .until(() -> servedRevision() >= revision);
    }

    /** The store revision of the snapshot being served. */
    public long servedRevision() {
        return runtime.snapshot().routing().version().revision();
    }

    /** {@code http://127.0.0.1:PORT/path} on the entry point. */
    public URI uri(String pathAndQuery) {
        InetSocketAddress address = runtime.address(ENTRY_POINT);
        return URI.create("http://127.0.0.1:" + address.getPort() + pathAndQuery);
    }

    /** A request to the entry point with {@code Host: host}. */
    public HttpRequest.Builder request(String host, String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).header("Host", host).timeout(Duration.ofSeconds(15));
    }

    /** GET {@code pathAndQuery} with {@code Host: host}. */
    public HttpResponse<String> get(String host, String pathAndQuery) {
        return send(request(host, pathAndQuery).GET().build());
    }

    /** {@code count} GETs of {@code host}'s {@code /}, one after the other, alternately to {@code first} and {@code second}. */
    public static List<HttpResponse<String>> alternately(RunningProxy first, RunningProxy second, String host,
            int count) {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            responses.add((i % 2 == 0 ? first : second).get(host, "/"));
        }
        return responses;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.uri(), e);
        }
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            store.close();
        }
    }
}
