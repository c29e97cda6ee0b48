package io.kvroute.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.web.WebOptions;
import io.kvroute.proxy.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A proxy on real etcd carrying real traffic (200s, a POST, a 500 from a server, a 404 without route, a health-checked
 * service with a dead server) exposes at {@code /metrics} every series the community Traefik Grafana dashboards
 * query, with the labels they group by and the values they select ({@code traefik-dashboard-series.txt}), and with
 * Traefik's label values: names with {@code @provider}, the real status code, Traefik's method and protocol names.
 */
class TraefikMetricsIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample of the exposition: name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static KvStore kv;
    private static ProxyRuntime runtime;
    private static WebServer web;
    private static Backend whoami;
    private static Backend broken;
    private static String deadUrl;

    @BeforeAll
    static void start() throws IOException {
        whoami = Backend.start("whoami");
        broken = Backend.start("broken");
        broken.status(500);
        try (ServerSocket closed = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadUrl = "http://127.0.0.1:" + closed.getLocalPort();
        }
        kv = KvStores.open(etcd.settings());
        kv.commit(KvTransaction.builder().deletePrefix("traefik").deletePrefix("/traefik/").build());
        kv.commit(KvTransaction.builder()
                .put("traefik/http/routers/whoami/rule", "Host(`whoami.test`)")
                .put("traefik/http/routers/whoami/service", "whoami")
                .put("traefik/http/services/whoami/loadBalancer/servers/0/url", whoami.url())
                .put("traefik/http/services/whoami/loadBalancer/servers/1/url", deadUrl)
                .put("traefik/http/services/whoami/loadBalancer/healthCheck/path", "/")
                .put("traefik/http/services/whoami/loadBalancer/healthCheck/interval", "500ms")
                .put("traefik/http/routers/broken/rule", "Host(`broken.test`)")
                .put("traefik/http/routers/broken/service", "broken")
                .put("traefik/http/services/broken/loadBalancer/servers/0/url", broken.url())
                .build());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        runtime = ProxyRuntime.start(kv, RunningProxy.settings(), registry);
        web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime, registry);
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.snapshot().routing().routeOf("broken").isPresent()
                && runtime.snapshot().routing().routeOf("whoami").isPresent());
        await("the dead server is DOWN").atMost(Duration.ofSeconds(10)).until(() -> runtime.health().view().servers()
                .values().stream().anyMatch(server -> server.url().equals(deadUrl)
                        && server.probeState() == io.kvroute.proxy.health.HealthState.DOWN));
        for (int i = 0; i < 5; i++) {
            assertThat(send("GET", "whoami.test").statusCode()).isEqualTo(200);
        }
        assertThat(send("POST", "whoami.test").statusCode()).isEqualTo(200);
        assertThat(send("GET", "broken.test").statusCode()).isEqualTo(500);
        assertThat(send("GET", "nowhere.test").statusCode()).isEqualTo(404);
    }

    @AfterAll
    static void stop() {
        web.close();
        runtime.close();
        kv.close();
        whoami.close();
        broken.close();
    }

    @Test
    void everySeriesTheTraefikDashboardsQueryIsExposedWithTheirLabels() {
        List<Sample> samples = scrape();
        List<String> missing = new ArrayList<>();
        for (String wanted : dashboardSeries()) {
            String[] parts = wanted.split(" ");
            List<String> labels = parts[1].equals("-") ? List.of() : Arrays.asList(parts[1].split(","));
            Map<String, String> values = new LinkedHashMap<>();
            Arrays.stream(parts, 2, parts.length).map(pair -> pair.split("=", 2))
                    .forEach(pair -> values.put(pair[0], pair[1]));
            boolean present = samples.stream().anyMatch(sample -> sample.name().equals(parts[0])
                    && sample.labels().keySet().containsAll(labels)
                    && values.entrySet().stream().allMatch(v -> v.getValue().equals(sample.labels().get(v.getKey()))));
            if (!present) {
                missing.add(wanted);
            }
        }
        assertThat(missing).as("series the dashboards query, missing from /metrics").isEmpty();
    }

    @Test
    void labelValuesAreTraefiks() {
        List<Sample> samples = scrape();
        assertThat(value(samples, "traefik_router_requests_total", Map.of("router", "whoami@etcd",
                "service", "whoami@etcd", "code", "200", "method", "GET", "protocol", "http"))).isEqualTo(5);
        assertThat(value(samples, "traefik_router_requests_total", Map.of("router", "whoami@etcd", "code", "200",
                "method", "POST"))).isEqualTo(1);
        assertThat(value(samples, "traefik_service_requests_total", Map.of("service", "broken@etcd", "code", "500",
                "method", "GET", "protocol", "http"))).isEqualTo(1);
        assertThat(value(samples, "traefik_entrypoint_requests_total", Map.of("entrypoint", "web", "code", "404",
                "method", "GET", "protocol", "http"))).isEqualTo(1);
        assertThat(samples).as("a request no router matched counts on its entry point only")
                .noneMatch(sample -> sample.name().startsWith("traefik_router_") && "404".equals(sample.labels()
                        .get("code")));
        assertThat(value(samples, "traefik_entrypoint_requests_total", Map.of("entrypoint", "web", "code", "200",
                "method", "GET"))).isEqualTo(5);
        assertThat(value(samples, "traefik_service_server_up", Map.of("service", "whoami@etcd",
                "url", whoami.url()))).isEqualTo(1);
        assertThat(value(samples, "traefik_service_server_up", Map.of("service", "whoami@etcd",
                "url", deadUrl))).isEqualTo(0);
        assertThat(samples).as("no server_up for a service without health check")
                .noneMatch(sample -> sample.name().equals("traefik_service_server_up")
                        && "broken@etcd".equals(sample.labels().get("service")));
        assertThat(value(samples, "traefik_config_reloads_total", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(value(samples, "traefik_config_last_reload_success", Map.of()))
                .isGreaterThan(System.currentTimeMillis() / 1000.0 - 600);
        assertThat(value(samples, "traefik_entrypoint_responses_bytes_total", Map.of("entrypoint", "web",
                "code", "200", "method", "GET"))).isEqualTo(5 * "whoami".length());
        assertThat(samples).as("Traefik's buckets").filteredOn(sample -> sample.name()
                        .equals("traefik_service_request_duration_seconds_bucket")
                        && "whoami@etcd".equals(sample.labels().get("service"))
                        && "GET".equals(sample.labels().get("method")))
                .extracting(sample -> sample.labels().get("le"))
                .containsExactlyInAnyOrder("0.1", "0.3", "1.2", "5.0", "+Inf");
    }

    @Test
    void theMetricsOfARouterAndServiceThatLeaveGoWithThemAndTheOthersStay() {
        kv.commit(KvTransaction.builder()
                .put("traefik/http/routers/passing/rule", "Host(`passing.test`)")
                .put("traefik/http/routers/passing/service", "passing")
                .put("traefik/http/services/passing/loadBalancer/servers/0/url", whoami.url())
                .put("traefik/http/services/passing/loadBalancer/healthCheck/path", "/")
                .build());
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.snapshot().routing().routeOf("passing").isPresent());
        assertThat(send("GET", "passing.test").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Sample> samples = scrape();
            assertThat(value(samples, "traefik_router_requests_total", Map.of("router", "passing@etcd"))).isEqualTo(1);
            assertThat(value(samples, "traefik_service_requests_total", Map.of("service", "passing@etcd")))
                    .isEqualTo(1);
            assertThat(samples).anyMatch(sample -> sample.name().equals("traefik_service_server_up")
                    && "passing@etcd".equals(sample.labels().get("service")));
        });

        kv.commit(KvTransaction.builder().deletePrefix("traefik/http/routers/passing/")
                .deletePrefix("traefik/http/services/passing/").build());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape())
                .as("no series of the router and service that left")
                .noneMatch(sample -> "passing@etcd".equals(sample.labels().get("router"))
                        || "passing@etcd".equals(sample.labels().get("service"))));
        List<Sample> samples = scrape();
        assertThat(value(samples, "traefik_router_requests_total", Map.of("router", "whoami@etcd")))
                .isGreaterThanOrEqualTo(6);
        assertThat(value(samples, "traefik_service_server_up", Map.of("service", "whoami@etcd", "url",
                whoami.url()))).isEqualTo(1);
    }

    /**
     * A request still in flight when its router and service leave makes their meters again as it completes, on the
     * old snapshot (recorded when the exchange ends, which may be just after the client has the answer); the next
     * reload, whatever it changes, drops them.
     */
    @Test
    void theMetricsARequestInFlightMakesForARouterThatLeftGoAtTheNextReload() throws Exception {
        Backend slow = Backend.start("slow");
        try {
            slow.delay(Duration.ofSeconds(2));
            kv.commit(KvTransaction.builder()
                    .put("traefik/http/routers/leaving/rule", "Host(`leaving.test`)")
                    .put("traefik/http/routers/leaving/service", "leaving")
                    .put("traefik/http/services/leaving/loadBalancer/servers/0/url", slow.url())
                    .build());
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.snapshot().routing().routeOf("leaving")
                    .isPresent());
            InetSocketAddress entry = runtime.address(RunningProxy.ENTRY_POINT);
            var inFlight = HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + entry.getPort()
                    + "/")).header("Host", "leaving.test").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.inFlight() == 1);
            kv.commit(KvTransaction.builder().deletePrefix("traefik/http/routers/leaving/")
                    .deletePrefix("traefik/http/services/leaving/").build());
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.snapshot().routing().routeOf("leaving")
                    .isEmpty());

            assertThat(inFlight.get().statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(value(scrape(),
                    "traefik_router_requests_total", Map.of("router", "leaving@etcd")))
                    .as("made again by the request that completed on the old snapshot").isEqualTo(1));
            kv.commit(KvTransaction.builder().put("traefik/http/routers/nudge/rule", "Host(`nudge.test`)")
                    .put("traefik/http/routers/nudge/service", "whoami").build());

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape())
                    .as("no series of the router and service that left, after the next reload")
                    .noneMatch(sample -> "leaving@etcd".equals(sample.labels().get("router"))
                            || "leaving@etcd".equals(sample.labels().get("service"))));
        } finally {
            kv.commit(KvTransaction.builder().deletePrefix("traefik/http/routers/nudge/").build());
            slow.close();
        }
    }

    @Test
    void openConnectionsCountTheEntryPointsConnections() throws IOException {
        try (java.net.Socket first = new java.net.Socket("127.0.0.1", runtime.address(RunningProxy.ENTRY_POINT).getPort());
                java.net.Socket second = new java.net.Socket("127.0.0.1",
                        runtime.address(RunningProxy.ENTRY_POINT).getPort())) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(value(scrape(),
                    "traefik_open_connections", Map.of("entrypoint", "web", "protocol", "TCP")))
                    .isGreaterThanOrEqualTo(2));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(value(scrape(),
                "traefik_open_connections", Map.of("entrypoint", "web", "protocol", "TCP"))).isLessThan(2));
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(sample -> sample.name().equals(name)
                        && labels.entrySet().stream().allMatch(l -> l.getValue().equals(sample.labels().get(l.getKey()))))
                .mapToDouble(Sample::value).sum();
    }

    private static List<String> dashboardSeries() {
        try (InputStream in = TraefikMetricsIT.class.getResourceAsStream("traefik-dashboard-series.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Sample> scrape() {
        HttpResponse<String> metrics = get(URI.create("http://127.0.0.1:" + web.address().getPort() + "/metrics"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        List<Sample> samples = new ArrayList<>();
        metrics.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        });
        return samples;
    }

    private static HttpResponse<String> send(String method, String host) {
        InetSocketAddress entry = runtime.address(RunningProxy.ENTRY_POINT);
        return get(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + entry.getPort() + "/"))
                .header("Host", host).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build());
    }

    private static HttpResponse<String> get(URI uri) {
        return get(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build());
    }

    private static HttpResponse<String> get(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
