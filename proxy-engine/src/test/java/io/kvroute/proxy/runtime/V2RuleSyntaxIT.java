package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TcpClients;
import io.kvroute.proxy.testing.TcpEchoServer;
import io.kvroute.proxy.testing.TlsClient;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.web.WebOptions;
import io.kvroute.proxy.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP routers with {@code ruleSyntax=v2} route as Traefik v3 routes them (its {@code matcher_v2.go}): a
 * {@code HostRegexp} host template and a {@code Path} path template match; the same rules without {@code ruleSyntax}
 * keep their v3 meaning (the path is literal, the template is no v3 regular expression kvroute accepts), and a bad v2
 * rule leaves only its own router out, reported with its key. A v3 rule listing several values in one call
 * ({@code Host(`a.test`, `b.test`)}) is an error in Traefik v3, which disables its router; with {@code ruleSyntax=v2}
 * it is the OR of the values.
 */
class V2RuleSyntaxIT {
    private static final String ROUTERS = "traefik/http/routers/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void v2TemplatesRouteAndTheSameRulesInV3DoNot() {
        try (Backend hosts = Backend.start("v2-host"); Backend paths = Backend.start("v2-path");
                Backend v3 = Backend.start("v3"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .router("v2host", "HostRegexp(`{sub:[a-z]+}.v2.test`)", "hosts")
                    .routerKey("v2host", "ruleSyntax", "v2")
                    .router("v2path", "Host(`paths.test`) && Path(`/api/{id:[0-9]+}`)", "paths")
                    .routerKey("v2path", "ruleSyntax", "v2")
                    .router("v3host", "HostRegexp(`{sub:[a-z]+}.v3.test`)", "v3")
                    .router("v3path", "Host(`literal.test`) && Path(`/api/{id:[0-9]+}`)", "v3")
                    .router("badv2", "Host(`bad.test`) && Path(`/api/{id:[0-9}`)", "v3")
                    .routerKey("badv2", "ruleSyntax", "v2")
                    .server("hosts", "one", hosts.url())
                    .server("paths", "one", paths.url())
                    .server("v3", "one", v3.url())
                    .build());

            assertThat(proxy.get("api.v2.test", "/").body()).isEqualTo("v2-host");
            assertThat(proxy.get("API.v2.test:80", "/x").body()).isEqualTo("v2-host");
            assertThat(proxy.get("a1.v2.test", "/").statusCode()).isEqualTo(404);
            assertThat(proxy.get("a.b.v2.test", "/").statusCode()).isEqualTo(404);
            assertThat(proxy.get("paths.test", "/api/42").body()).isEqualTo("v2-path");
            assertThat(proxy.get("paths.test", "/api/x").statusCode()).isEqualTo(404);
            assertThat(proxy.get("paths.test", "/api/42/more").statusCode()).isEqualTo(404);

            assertThat(proxy.get("api.v3.test", "/").statusCode()).isEqualTo(404);
            assertThat(proxy.get("literal.test", "/api/42").statusCode()).isEqualTo(404);
            assertThat(proxy.get("bad.test", "/api/42").statusCode()).isEqualTo(404);
            assertThat(proxy.runtime().config().orElseThrow().problems()).extracting(Problem::key)
                    .contains(ROUTERS + "v3host/rule", ROUTERS + "badv2/rule")
                    .doesNotContain(ROUTERS + "v2host/rule", ROUTERS + "v2path/rule", ROUTERS + "v3path/rule");
        }
    }

    @Test
    void aV3HostListIsLeftOutAndTheSameRuleInV2ServesEveryHost() throws IOException {
        String rule = "Host(`a.test`, `b.test`)";
        try (Backend listed = Backend.start("v2-list"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .router("v3list", rule, "listed")
                    .router("v2list", rule.replace(".test", ".v2.test"), "listed")
                    .routerKey("v2list", "ruleSyntax", "v2")
                    .server("listed", "one", listed.url())
                    .build());

            assertThat(proxy.get("a.test", "/").statusCode()).isEqualTo(404);
            assertThat(proxy.get("b.test", "/").statusCode()).isEqualTo(404);
            assertThat(proxy.get("a.v2.test", "/").body()).isEqualTo("v2-list");
            assertThat(proxy.get("b.v2.test", "/").body()).isEqualTo("v2-list");
            assertThat(proxy.runtime().config().orElseThrow().problems()).extracting(Problem::key)
                    .contains(ROUTERS + "v3list/rule")
                    .doesNotContain(ROUTERS + "v2list/rule");

            JsonNode v3list = routerInTheApi(proxy, "v3list@etcd");
            assertThat(v3list.path("status").asText()).isEqualTo("disabled");
            assertThat(v3list.path("error").toString()).contains(ROUTERS + "v3list/rule", "Host expects 1 argument, got 2");
            assertThat(routerInTheApi(proxy, "v2list@etcd").path("status").asText()).isEqualTo("enabled");
        }
    }

    /**
     * A store written for Traefik v2 (--layout=v2: no ruleSyntax keys) is read as Traefik v2 reads it: the same list,
     * a v2 header matcher and a path template route without ruleSyntax; a router's ruleSyntax v3 still reads v3.
     */
    @Test
    void theV2LayoutServesV2RulesWithoutRuleSyntax() throws IOException {
        try (Backend listed = Backend.start("v2-layout"); RunningProxy proxy = RunningProxy.start(ETCD,
                RunningProxy.settings().withRuleSyntax(RuleSyntax.V2))) {
            proxy.apply(new TraefikKeys()
                    .router("v2list", "Host(`a.test`, `b.test`)", "listed")
                    .router("v2headers", "Host(`h.test`) && Headers(`X-Env`, `prod`) && Path(`/api/{id:[0-9]+}`)",
                            "listed")
                    .router("v3regexp", "HostRegexp(`^[a-z]+\\.v3\\.test$`)", "listed")
                    .routerKey("v3regexp", "ruleSyntax", "v3")
                    .server("listed", "one", listed.url())
                    .build());

            assertThat(proxy.get("a.test", "/").body()).isEqualTo("v2-layout");
            assertThat(proxy.get("b.test", "/").body()).isEqualTo("v2-layout");
            assertThat(proxy.get("c.test", "/").statusCode()).isEqualTo(404);
            assertThat(proxy.send(proxy.request("h.test", "/api/42").header("X-Env", "prod").GET().build()).body())
                    .isEqualTo("v2-layout");
            assertThat(proxy.get("h.test", "/api/42").statusCode()).isEqualTo(404);
            assertThat(proxy.get("shop.v3.test", "/").body()).isEqualTo("v2-layout");
            assertThat(proxy.runtime().config().orElseThrow().problems()).filteredOn(Problem::isError).isEmpty();
            assertThat(routerInTheApi(proxy, "v2list@etcd").path("status").asText()).isEqualTo("enabled");
        }
    }

    /**
     * The layout's syntax applies to TCP routers without ruleSyntax too, as Traefik v3 applies
     * {@code core.defaultRuleSyntax} to them: {@code HostSNI(`a.test`, `b.test`)} terminates TLS for either name
     * under the v2 layout, and is left out under the v3 layout, where HostSNI takes one name.
     */
    @Test
    void theV2LayoutServesAV2TcpRuleWithoutRuleSyntax() throws IOException {
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        TraefikKeys keys = new TraefikKeys()
                .put("traefik/tls/certificates/a/certFile", a.certPem())
                .put("traefik/tls/certificates/a/keyFile", a.keyPem())
                .put("traefik/tls/certificates/b/certFile", b.certPem())
                .put("traefik/tls/certificates/b/keyFile", b.keyPem())
                .tcpRouter("names", "HostSNI(`a.test`, `b.test`)", "inside")
                .put("traefik/tcp/routers/names/tls", "");
        try (TcpEchoServer inside = TcpEchoServer.plain("inside"); RunningProxy v2 = RunningProxy.start(ETCD,
                RunningProxy.settings().withRuleSyntax(RuleSyntax.V2))) {
            v2.apply(keys.tcpServer("inside", 0, inside.address()).build());

            assertThat(v2.runtime().tcpRouting().exclusions()).isEmpty();
            assertThat(greetingOverTls(v2, TlsClient.trusting(a.certificate()), "a.test")).isEqualTo("inside");
            assertThat(greetingOverTls(v2, TlsClient.trusting(b.certificate()), "b.test")).isEqualTo("inside");
        }
        try (TcpEchoServer inside = TcpEchoServer.plain("inside"); RunningProxy v3 = RunningProxy.start(ETCD)) {
            v3.apply(keys.tcpServer("inside", 0, inside.address()).build());

            assertThat(v3.runtime().tcpRouting().exclusions()).extracting(Exclusion::entity)
                    .containsExactly(EntityRef.tcpRouter("names"));
            assertThat(v3.runtime().tcpRouting().exclusions().get(0).reasons()).singleElement().asString()
                    .contains("HostSNI");
        }
    }

    private static String greetingOverTls(RunningProxy proxy, TlsClient client, String serverName)
            throws IOException {
        try (SSLSocket socket = TcpClients.tlsConnect(proxy, client, serverName);
                BufferedReader in = TcpClients.reader(socket)) {
            String greeting = in.readLine();
            socket.getOutputStream().write("x\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("x");
            return greeting;
        }
    }

    private static JsonNode routerInTheApi(RunningProxy proxy, String router) throws IOException {
        try (WebServer web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), proxy.runtime(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            URI uri = URI.create("http://127.0.0.1:" + web.address().getPort() + "/api/http/routers/" + router);
            HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .GET().build());
            assertThat(response.statusCode()).isEqualTo(200);
            return JSON.readTree(response.body());
        }
    }
}
