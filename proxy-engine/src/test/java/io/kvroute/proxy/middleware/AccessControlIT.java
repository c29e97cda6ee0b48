package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.ForwardedHeadersTrust;
import io.kvroute.proxy.http.UnderscoreHeaders;
import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.routing.IpRange;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.ProxyHarness;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TestPki;
import io.kvroute.proxy.testing.TlsClient;
import io.kvroute.proxy.testing.TraefikKeys;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The access-control middlewares configured by Traefik keys in etcd, through a running proxy to a real backend:
 * ipAllowList with the real 127.0.0.1 peer and with depth over forwarded headers the entry point trusts, forwardAuth
 * with a real auth server, digestAuth with a digest client, passTLSClientCert on a TLS entry point asking for client
 * certificates.
 */
class AccessControlIT {
    @RegisterExtension
    static final ProxyHarness HARNESS = new ProxyHarness();

    private final Backend backend = HARNESS.backend("backend");
    private final AuthServer auth = new AuthServer();

    @AfterEach
    void closeAuth() {
        auth.close();
    }

    private TraefikKeys routed(String name, String... middlewares) {
        return routed(new TraefikKeys(), name, middlewares);
    }

    private TraefikKeys routed(TraefikKeys keys, String name, String... middlewares) {
        return keys.router(name, "Host(`" + name + ".test`)", name).middlewares(name, middlewares)
                .server(name, "one", backend.url());
    }

    private static HttpResponse<String> get(RunningProxy proxy, String host, String... headers) {
        var request = proxy.request(host, "/page?x=1").GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return proxy.send(request.build());
    }

    @Test
    void ipAllowListLetsThePeerInItsRangeThroughAndRefusesOthers() {
        RunningProxy proxy = HARNESS.proxy();
        TraefikKeys keys = routed("local", "loopback")
                .middleware("loopback", "ipAllowList/sourceRange/0", "127.0.0.1/32");
        routed(keys, "lan", "lan").middleware("lan", "ipAllowList/sourceRange/0", "10.0.0.0/8")
                .middleware("lan", "ipAllowList/rejectStatusCode", "404");
        routed(keys, "depth", "depth").middleware("depth", "ipAllowList/sourceRange/0", "203.0.113.0/24")
                .middleware("depth", "ipAllowList/ipStrategy/depth", "1");
        proxy.apply(keys.build());

        HttpResponse<String> allowed = get(proxy, "local.test");
        HttpResponse<String> refused = get(proxy, "lan.test", "X-Forwarded-For", "10.0.0.1");
        HttpResponse<String> untrustedForwarded = get(proxy, "depth.test", "X-Forwarded-For", "203.0.113.9");

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("backend");
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).isEqualTo("Not Found");
        assertThat(untrustedForwarded.statusCode()).isEqualTo(403);
        assertThat(backend.received()).hasSize(1);
        assertThat(proxy.runtime().snapshot().problems()).isEmpty();
        assertThat(proxy.runtime().middlewareEvents().snapshot().get("lan")).containsEntry("rejected", 1L);
    }

    @Test
    void ipAllowListDepthReadsForwardedHeadersOfATrustedProxy() {
        EntryPointOptions trusting = new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                new ForwardedHeadersTrust(false, List.of(IpRange.parse("127.0.0.1"))));
        RunningProxy proxy = HARNESS.proxy(RunningProxy.settings(trusting));
        proxy.apply(routed("depth", "depth").middleware("depth", "ipAllowList/sourceRange/0", "203.0.113.0/24")
                .middleware("depth", "ipAllowList/ipStrategy/depth", "1").build());

        assertThat(get(proxy, "depth.test", "X-Forwarded-For", "198.51.100.1, 203.0.113.9").statusCode())
                .isEqualTo(200);
        assertThat(get(proxy, "depth.test", "X-Forwarded-For", "203.0.113.9, 198.51.100.1").statusCode())
                .isEqualTo(403);
        assertThat(get(proxy, "depth.test").statusCode()).isEqualTo(403);
        assertThat(backend.received()).hasSize(1);
        assertThat(backend.received().get(0).header("X-Forwarded-For")).startsWith("198.51.100.1, 203.0.113.9")
                .endsWith("127.0.0.1");
    }

    @Test
    void forwardAuthAsksTheAuthServerAndForwardsOnlyWhatItAllows() {
        RunningProxy proxy = HARNESS.proxy();
        proxy.apply(routed("app", "sso").middleware("sso", "forwardAuth/address", auth.uri("/verify").toString())
                .middleware("sso", "forwardAuth/trustForwardHeader", "false")
                .middleware("sso", "forwardAuth/authResponseHeaders/0", "X-Auth-User").build());

        auth.answer(200, "", "X-Auth-User", "alice");
        HttpResponse<String> allowed = get(proxy, "app.test", "X-Auth-User", "mallory");
        auth.answer(403, "no entry\n", "X-Reason", "badge");
        HttpResponse<String> denied = get(proxy, "app.test");

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(backend.received()).hasSize(1);
        assertThat(backend.received().get(0).header("X-Auth-User")).isEqualTo("alice");
        AuthServer.Asked asked = auth.asked().get(0);
        assertThat(asked.header("X-Forwarded-Method")).containsExactly("GET");
        assertThat(asked.header("X-Forwarded-Host")).containsExactly("app.test");
        assertThat(asked.header("X-Forwarded-Uri")).containsExactly("/page?x=1");
        assertThat(asked.header("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(asked.header("X-Forwarded-Proto")).containsExactly("http");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("no entry\n");
        assertThat(denied.headers().firstValue("X-Reason")).contains("badge");
        assertThat(backend.received()).hasSize(1);
    }

    @Test
    void digestAuthLetsARealDigestClientThrough() {
        RunningProxy proxy = HARNESS.proxy();
        proxy.apply(routed("digest", "users").middleware("users", "digestAuth/users/0",
                "test:traefik:a2688e031edb4be6a3797f3882655c05").build());

        HttpResponse<String> challenge = get(proxy, "digest.test");
        DigestClient.Challenge parsed = DigestClient.Challenge.parse(
                challenge.headers().firstValue("WWW-Authenticate").orElseThrow());
        HttpResponse<String> wrong = get(proxy, "digest.test", "Authorization",
                parsed.authorization("test", "nope", "GET", "/page?x=1", 1));
        HttpResponse<String> right = get(proxy, "digest.test", "Authorization",
                parsed.authorization("test", "test", "GET", "/page?x=1", 2));

        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(backend.received()).hasSize(1);
        assertThat(proxy.runtime().middlewareEvents().snapshot().get("users")).containsEntry("authFailed", 2L);
    }

    @Test
    void passTlsClientCertPassesTheCertificateOfAnMtlsConnection() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=Test Client CA");
        TestPki.Issued client = TestPki.leaf(ca, "O=Cheese,CN=client", BigInteger.TEN, Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600), List.of(new GeneralName(GeneralName.dNSName, "client.test")));
        TestPki.Issued server = TestPki.leaf(ca, "CN=mtls.test", BigInteger.TWO, Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600), List.of(new GeneralName(GeneralName.dNSName, "mtls.test")));
        EntryPointOptions tls = new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                ForwardedHeadersTrust.NONE, Optional.of(RouterTls.of("", "")), Optional.empty());
        ProxySettings defaults = RunningProxy.settings();
        RunningProxy proxy = HARNESS.proxy(new ProxySettings(Map.of("websecure",
                new InetSocketAddress("127.0.0.1", 0)), defaults.prefix(), defaults.requestTimeout(),
                defaults.connectRetries(), defaults.maxHeaderBytes(), defaults.maxBodyBytes(),
                defaults.shutdownGrace(), Map.of("websecure", tls)));
        proxy.apply(routed("mtls", "cert").routerKey("mtls", "tls/options", "mtls")
                .middleware("cert", "passTLSClientCert/pem", "true")
                .middleware("cert", "passTLSClientCert/info/subject/commonName", "true")
                .middleware("cert", "passTLSClientCert/info/subject/organization", "true")
                .put("traefik/tls/options/mtls/clientAuth/caFiles/0", ca.certPem())
                .put("traefik/tls/options/mtls/clientAuth/clientAuthType", "RequireAndVerifyClientCert")
                .put("traefik/tls/certificates/mtls/certFile", server.certPem())
                .put("traefik/tls/certificates/mtls/keyFile", server.keyPem()).build());
        int port = proxy.runtime().address("websecure").getPort();

        String answer = TlsClient.withClientCertificate(client.certificate(), client.key(), server.certificate())
                .get(port, Optional.of("mtls.test"), "mtls.test", "/");

        assertThat(answer).startsWith("HTTP/1.1 200");
        Backend.Received received = backend.received().get(0);
        assertThat(received.header("X-Forwarded-Tls-Client-Cert"))
                .isEqualTo(Base64.getEncoder().encodeToString(client.certificate().getEncoded()));
        assertThat(URLDecoder.decode(received.header("X-Forwarded-Tls-Client-Cert-Info"), StandardCharsets.UTF_8))
                .isEqualTo("Subject=\"O=Cheese,CN=client\"");
    }
    @Test
    void passTlsClientCertPassesNothingWhenTheConnectionAsksForNoClientCertificate() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=Test Server CA");
        TestPki.Issued server = TestPki.leaf(ca, "CN=plain.test", BigInteger.TWO, Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600), List.of(new GeneralName(GeneralName.dNSName, "plain.test")));
        EntryPointOptions tls = new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                ForwardedHeadersTrust.NONE, Optional.of(RouterTls.of("", "")), Optional.empty());
        ProxySettings defaults = RunningProxy.settings();
        RunningProxy proxy = HARNESS.proxy(new ProxySettings(Map.of("websecure",
                new InetSocketAddress("127.0.0.1", 0)), defaults.prefix(), defaults.requestTimeout(),
                defaults.connectRetries(), defaults.maxHeaderBytes(), defaults.maxBodyBytes(),
                defaults.shutdownGrace(), Map.of("websecure", tls)));
        proxy.apply(routed("plain", "cert").routerKey("plain", "tls/options", "default")
                .middleware("cert", "passTLSClientCert/pem", "true")
                .middleware("cert", "passTLSClientCert/info/subject/commonName", "true")
                .put("traefik/tls/certificates/plain/certFile", server.certPem())
                .put("traefik/tls/certificates/plain/keyFile", server.keyPem()).build());
        int port = proxy.runtime().address("websecure").getPort();
        TlsClient client = TlsClient.trusting(server.certificate());

        String first = client.get(port, Optional.of("plain.test"), "plain.test", "/");
        String second = client.get(port, Optional.of("plain.test"), "plain.test", "/again");

        assertThat(first).startsWith("HTTP/1.1 200");
        assertThat(second).startsWith("HTTP/1.1 200");
        assertThat(backend.received()).hasSize(2);
        for (Backend.Received received : backend.received()) {
            assertThat(received.header("X-Forwarded-Tls-Client-Cert")).isNull();
            assertThat(received.header("X-Forwarded-Tls-Client-Cert-Info")).isNull();
        }
    }
}
