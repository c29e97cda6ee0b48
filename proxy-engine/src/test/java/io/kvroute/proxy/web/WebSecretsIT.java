package io.kvroute.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStores;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.runtime.ProxyRuntime;
import io.kvroute.proxy.testing.RunningProxy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Secrets put in real etcd keys (server URL userinfo, basicAuth/digestAuth users, forwardAuth address userinfo and
 * TLS key, secret-looking header values and a rule's expected value for one, a plugin's token, TLS and
 * serversTransport key files, v1 users and URLs, a secret in a key with a problem) appear in no API answer, not in
 * the page, its script and style, not in {@code /metrics} and not in the proxy's log; what is not secret stays
 * visible.
 */
class WebSecretsIT {
    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String HASH = "$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/";
    private static final String PRIVATE_KEY =
            "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqFwdAuthKeyBody\n-----END PRIVATE KEY-----";
    /** Every secret of the keys below, as it must never be shown. */
    private static final List<String> SECRETS = List.of("UrlPass-9f2", "svcuser", HASH, "carol",
            "a2688e031edb4be6a3797f3882655c05", "FwdPass-77", "fwduser", "FwdAuthKeyBody", "HdrBearer-123",
            "HdrApiKey-456", "HdrCookie-789", "PluginToken-abc", "TlsKeyFile-a", "StKeyFile-b", "V1Pass-55", "v1user",
            "ProblemHash-321", "V1UsersHash-42", "RuleKey-99");
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

    private static KvStore kv;
    private static ProxyRuntime runtime;
    private static WebServer web;
    private static Backend backend;
    private static PrometheusMeterRegistry registry;

    @BeforeAll
    static void start() {
        LOG.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
        backend = new Backend("app");
        String serverUrl = backend.url().replace("http://", "http://svcuser:UrlPass-9f2@");
        kv = KvStores.open(etcd.settings());
        kv.commit(KvTransaction.builder().deletePrefix("traefik").deletePrefix("/traefik/").build());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("traefik/http/routers/app/rule", "Host(`app.test`)");
        keys.put("traefik/http/routers/app/service", "app");
        keys.put("traefik/http/routers/app/middlewares/0", "hd");
        keys.put("traefik/http/routers/guarded/rule", "Host(`guarded.test`) && Header(`X-Api-Key`, `RuleKey-99`)");
        keys.put("traefik/http/routers/guarded/service", "app");
        keys.put("traefik/http/routers/guarded/middlewares/0", "ba");
        keys.put("traefik/http/routers/guarded/middlewares/1", "da");
        keys.put("traefik/http/routers/guarded/middlewares/2", "fa");
        keys.put("traefik/http/routers/guarded/middlewares/3", "pl");
        keys.put("traefik/http/services/app/loadBalancer/servers/node1--app/url", serverUrl);
        keys.put("traefik/http/services/app/loadBalancer/healthCheck/path", "/health");
        keys.put("traefik/http/services/app/loadBalancer/healthCheck/interval", "1s");
        keys.put("traefik/http/middlewares/ba/basicAuth/users/0", "carol:" + HASH);
        keys.put("traefik/http/middlewares/da/digestAuth/users/0", "dave:traefik:a2688e031edb4be6a3797f3882655c05");
        keys.put("traefik/http/middlewares/fa/forwardAuth/address", "https://fwduser:FwdPass-77@auth.internal/check");
        keys.put("traefik/http/middlewares/fa/forwardAuth/tls/key", PRIVATE_KEY);
        keys.put("traefik/http/middlewares/fa/forwardAuth/authResponseHeaders/0", "X-Auth-User");
        keys.put("traefik/http/middlewares/hd/headers/customRequestHeaders/Authorization", "Bearer HdrBearer-123");
        keys.put("traefik/http/middlewares/hd/headers/customRequestHeaders/X-Api-Key", "HdrApiKey-456");
        keys.put("traefik/http/middlewares/hd/headers/customResponseHeaders/Set-Cookie", "sid=HdrCookie-789");
        keys.put("traefik/http/middlewares/hd/headers/customRequestHeaders/X-Team", "visible-team");
        keys.put("traefik/http/middlewares/pl/plugin/guard/apiToken", "PluginToken-abc");
        keys.put("traefik/http/middlewares/pl/plugin/guard/mode", "visible-mode");
        keys.put("traefik/http/middlewares/typo/basicAuth/user", "frank:ProblemHash-321");
        keys.put("traefik/http/serversTransports/st/certificates/0/certFile", "/certs/st.crt");
        keys.put("traefik/http/serversTransports/st/certificates/0/keyFile", "/secret/StKeyFile-b.key");
        keys.put("traefik/tls/certificates/0/certFile", "/certs/a.crt");
        keys.put("traefik/tls/certificates/0/keyFile", "/secret/TlsKeyFile-a.key");
        keys.put("/traefik/backends/b1/servers/s1/url", "http://v1user:V1Pass-55@127.0.0.1:9");
        keys.put("/traefik/frontends/f1/backend", "b1");
        keys.put("/traefik/frontends/f1/routes/r/rule", "Host:v1.test");
        keys.put("/traefik/frontends/f1/auth/basic/users/0", "erin:V1UsersHash-42");
        KvTransaction.Builder transaction = KvTransaction.builder();
        keys.forEach(transaction::put);
        kv.commit(transaction.build());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        runtime = ProxyRuntime.start(kv, RunningProxy.settings(), registry);
        web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), runtime, registry);
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.config().isPresent()
                && runtime.config().get().model().routers().containsKey("guarded"));
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
        web.close();
        runtime.close();
        kv.close();
        backend.close();
    }

    @Test
    void noAnswerOfTheWebListenerNorTheLogShowsASecret() throws Exception {
        InetSocketAddress entry = runtime.address(RunningProxy.ENTRY_POINT);
        HttpResponse<String> proxied = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + entry.getPort() + "/")).header("Host", "app.test").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(proxied.body()).isEqualTo("app");
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/metrics").contains("kvroute_server_requests"));

        Map<String, String> answers = new LinkedHashMap<>();
        for (String path : paths()) {
            answers.put(path, get(path));
        }
        for (Map.Entry<String, String> answer : answers.entrySet()) {
            for (String secret : SECRETS) {
                assertThat(answer.getValue()).as(answer.getKey() + " shows " + secret).doesNotContain(secret);
            }
        }
        for (ILoggingEvent event : List.copyOf(LOG.list)) {
            for (String secret : SECRETS) {
                assertThat(event.getFormattedMessage()).as("log line shows " + secret).doesNotContain(secret);
            }
        }

        String port = String.valueOf(backend.url().substring(backend.url().lastIndexOf(':') + 1));
        assertThat(answers.get("/metrics")).contains("url=\"http://xxxx@127.0.0.1:" + port + "\"");
        JsonNode app = JSON.readTree(answers.get("/api/http/services/app@etcd"));
        assertThat(app.path("loadBalancer").path("servers").get(0).path("url").asText())
                .isEqualTo("http://xxxx@127.0.0.1:" + port);
        assertThat(app.path("serverStatus").fieldNames()).toIterable()
                .containsExactly("http://xxxx@127.0.0.1:" + port);
        JsonNode middlewares = JSON.readTree(answers.get("/api/rawdata")).path("middlewares");
        assertThat(middlewares.path("ba@etcd").path("basicAuth").path("users").toString()).isEqualTo("[\"xxxx\"]");
        assertThat(middlewares.path("hd@etcd").path("headers").path("customRequestHeaders").toString())
                .isEqualTo("{\"Authorization\":\"xxxx\",\"X-Api-Key\":\"xxxx\",\"X-Team\":\"visible-team\"}");
        assertThat(middlewares.path("fa@etcd").path("forwardAuth").path("address").asText())
                .isEqualTo("https://xxxx@auth.internal/check");
        assertThat(middlewares.path("fa@etcd").path("forwardAuth").path("authResponseHeaders").toString())
                .isEqualTo("[\"X-Auth-User\"]");
        assertThat(middlewares.path("pl@etcd").path("plugin").path("guard").toString())
                .isEqualTo("{\"apiToken\":\"xxxx\",\"mode\":\"visible-mode\"}");
        assertThat(answers.get("/api/kvroute/state")).contains("traefik/http/middlewares/typo/basicAuth/user");
        assertThat(answers.get("/api/providers")).contains("http://xxxx@127.0.0.1:9");
    }

    /** Every GET endpoint of the listener, each entity by name included. */
    private static List<String> paths() throws Exception {
        List<String> paths = new ArrayList<>(List.of("/", "/dashboard/", "/assets/dashboard.js",
                "/assets/dashboard.css", "/metrics", "/api/rawdata", "/api/overview", "/api/version",
                "/api/entrypoints", "/api/providers", "/api/kvroute/state", "/api/kvroute/session"));
        for (String section : List.of("routers", "services", "middlewares")) {
            String list = "/api/http/" + section;
            paths.add(list);
            for (JsonNode entity : JSON.readTree(get(list))) {
                paths.add(list + "/" + entity.path("name").asText());
            }
        }
        assertThat(paths).contains("/api/http/middlewares/ba@etcd", "/api/http/services/app@etcd",
                "/api/http/routers/guarded@etcd");
        return paths;
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + web.address().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
