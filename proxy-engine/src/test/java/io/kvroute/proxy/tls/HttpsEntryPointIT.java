package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvroute.kv.pem.PemKeyPairs;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.kv.testing.TestCertificate;
import io.kvroute.kv.testing.TlsFixtures;
import io.kvroute.proxy.http.EntryPointOptions;
import io.kvroute.proxy.http.EntryPointRedirect;
import io.kvroute.proxy.http.ForwardedHeadersTrust;
import io.kvroute.proxy.http.UnderscoreHeaders;
import io.kvroute.proxy.path.RequestPathPolicy;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.routing.RouterTls;
import io.kvroute.proxy.runtime.ProxySettings;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.KeptAliveTls;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TlsClient;
import io.kvroute.proxy.testing.TraefikKeys;
import io.kvroute.proxy.web.WebOptions;
import io.kvroute.proxy.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTPS through real etcd keys and a real TLS entry point: SNI picks the certificate (exact, one-label wildcard,
 * the default store's defaultCertificate, else the generated TRAEFIK DEFAULT CERT; sniStrict refuses an unknown
 * name), routers with tls only over TLS and routers without only over plain HTTP, the entry point redirect (to an
 * entry point or, as Traefik allows, to a port),
 * mTLS, bad certificates or options breaking only what uses them (as in Traefik, the TLS connections for the hosts
 * of a router naming unknown options are closed, and its error names the key), and routers whose TLS options their
 * connections cannot get (no Host, or contradicted by another router of the host) left out and reported (Traefik
 * serves them with a warning); a refused handshake ends with a TLS alert, as Go's TLS in Traefik ends it (sniStrict:
 * unrecognized_name, on both TLS stacks), and the proxy's close right after it, not with a bare close or a timeout.
 */
class HttpsEntryPointIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    static final String TLS = "traefik/tls/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** web (plain) and websecure (TLS, Traefik's http.tls=true) on 127.0.0.1, web optionally redirecting. */
    static ProxySettings settings(boolean redirect) {
        return settings(redirect ? Optional.of(new EntryPointRedirect("websecure", "https", true)) : Optional.empty());
    }

    /** web (plain) and websecure (TLS, Traefik's http.tls=true) on 127.0.0.1, web redirecting as given. */
    static ProxySettings settings(Optional<EntryPointRedirect> redirect) {
        EntryPointOptions plain = new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                ForwardedHeadersTrust.NONE, Optional.empty(), redirect);
        EntryPointOptions secure = new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                ForwardedHeadersTrust.NONE, Optional.of(RouterTls.of("", "")), Optional.empty());
        ProxySettings defaults = RunningProxy.settings();
        return new ProxySettings(Map.of("web", new InetSocketAddress("127.0.0.1", 0),
                "websecure", new InetSocketAddress("127.0.0.1", 0)), defaults.prefix(), defaults.requestTimeout(),
                defaults.connectRetries(), defaults.maxHeaderBytes(), defaults.maxBodyBytes(),
                defaults.shutdownGrace(), Map.of("web", plain, "websecure", secure));
    }

    static TraefikKeys certificate(TraefikKeys keys, String id, TestCertificate certificate) {
        return keys.put(TLS + "certificates/" + id + "/certFile", certificate.certPem())
                .put(TLS + "certificates/" + id + "/keyFile", certificate.keyPem());
    }

    static int port(RunningProxy proxy, String entryPoint) {
        return proxy.runtime().address(entryPoint).getPort();
    }

    @Test
    void sniPicksExactThenWildcardThenStoreDefaultThenGenerated() throws IOException {
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            TraefikKeys keys = new TraefikKeys().router("app", "Host(`b.test`)", "app").server("app", "one",
                    backend.url());
            proxy.apply(certificate(certificate(keys, "a", a), "b", b).build());
            int port = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(a.certificate(), b.certificate());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.handshake(port, Optional.of("b.test")).leaf()).isEqualTo(b.certificate()));
            assertThat(client.handshake(port, Optional.of("A.TEST")).leaf()).isEqualTo(a.certificate());
            assertThat(client.handshake(port, Optional.of("x.a.test")).leaf()).isEqualTo(a.certificate());

            TlsClient anyServer = TlsClient.trustingAnything();
            assertThat(anyServer.handshake(port, Optional.of("y.x.a.test")).leaf().getSubjectX500Principal()
                    .getName()).isEqualTo("CN=" + GeneratedDefaultCertificate.COMMON_NAME);
            assertThat(anyServer.handshake(port, Optional.empty()).leaf().getSubjectX500Principal().getName())
                    .isEqualTo("CN=" + GeneratedDefaultCertificate.COMMON_NAME);

            proxy.apply(new TraefikKeys().put(TLS + "stores/default/defaultCertificate/certFile", b.certPem())
                    .put(TLS + "stores/default/defaultCertificate/keyFile", b.keyPem()).build());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.handshake(port, Optional.of("unknown.test")).leaf()).isEqualTo(b.certificate()));

            proxy.apply(new TraefikKeys().put(TLS + "options/default/sniStrict", "true").build());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(
                    () -> client.handshake(port, Optional.of("unknown.test"))).isInstanceOf(IOException.class));
            assertThatThrownBy(() -> client.handshake(port, Optional.empty())).isInstanceOf(IOException.class);
            assertThat(client.handshake(port, Optional.of("b.test")).leaf()).isEqualTo(b.certificate());
            assertThat(client.get(port, Optional.of("b.test"), "b.test", "/")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void tlsRoutersOnlyOverTlsPlainRoutersOnlyOverPlainHttpAndTheRedirect() throws Exception {
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(certificate(new TraefikKeys()
                    .router("secure", "Host(`b.test`)", "app").routerKey("secure", "tls", "true")
                    .router("plain", "Host(`plain.test`)", "app").routerKey("plain", "entryPoints/0", "web")
                    .router("both", "Host(`both.test`)", "app")
                    .router("resolved", "Host(`le.test`)", "app").routerKey("resolved", "tls/certResolver", "le")
                    .server("app", "one", backend.url()), "b", b).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(b.certificate());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.get(tls, Optional.of("b.test"), "b.test", "/")).startsWith("HTTP/1.1 200"));
            assertThat(proxy.get("b.test", "/").statusCode()).isEqualTo(404);
            assertThat(proxy.get("plain.test", "/").statusCode()).isEqualTo(200);
            assertThat(client.get(tls, Optional.of("b.test"), "plain.test", "/")).startsWith("HTTP/1.1 404");
            assertThat(proxy.get("both.test", "/").statusCode()).isEqualTo(200);
            assertThat(client.get(tls, Optional.of("b.test"), "both.test", "/")).startsWith("HTTP/1.1 200");
            assertThat(client.get(tls, Optional.of("b.test"), "le.test", "/")).startsWith("HTTP/1.1 200");
            assertThat(proxy.runtime().snapshot().problems()).anySatisfy(problem -> {
                assertThat(problem.router()).isEqualTo("resolved");
                assertThat(problem.served()).isTrue();
                assertThat(problem.message()).contains("certificate resolver le is not configured");
            });
            assertThat(backend.received()).allSatisfy(received ->
                    assertThat(received.header("X-Forwarded-Proto")).isIn("http", "https"));
            assertThat(backend.received().stream().filter(r -> r.header("X-Forwarded-Host").equals("b.test")))
                    .allSatisfy(r -> assertThat(r.header("X-Forwarded-Proto")).isEqualTo("https"));
        }
        try (RunningProxy proxy = RunningProxy.start(ETCD, settings(true))) {
            int tls = port(proxy, "websecure");
            int web = port(proxy, "web");
            String get = raw(web, "GET /a/b?q=1 HTTP/1.1\r\nHost: shop.test:" + web + "\r\nConnection: close\r\n\r\n");
            assertThat(get).startsWith("HTTP/1.1 301").contains("Location: https://shop.test:" + tls + "/a/b?q=1");
            String post = raw(web, "POST /form HTTP/1.1\r\nHost: shop.test\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(post).startsWith("HTTP/1.1 308").contains("Location: https://shop.test:" + tls + "/form");
            String claimed = raw(web, "GET /a HTTP/1.1\r\nHost: shop.test\r\nX-Forwarded-Proto: https\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(claimed).as("an untrusted client's X-Forwarded-Proto is removed before the redirection")
                    .startsWith("HTTP/1.1 301").contains("Location: https://shop.test:" + tls + "/a\r\n");
        }
        EntryPointOptions trusting = new EntryPointOptions(RequestPathPolicy.DEFAULT, UnderscoreHeaders.DELETE,
                new ForwardedHeadersTrust(true, List.of()), Optional.empty(),
                Optional.of(new EntryPointRedirect(":443", "https", true)));
        ProxySettings redirecting = settings(false);
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD,
                new ProxySettings(redirecting.entryPoints(), redirecting.prefix(), redirecting.requestTimeout(),
                        redirecting.connectRetries(), redirecting.maxHeaderBytes(), redirecting.maxBodyBytes(),
                        redirecting.shutdownGrace(), Map.of("web", trusting, "websecure",
                                redirecting.options("websecure"))))) {
            proxy.apply(new TraefikKeys().router("plain", "Host(`shop.test`)", "app")
                    .routerKey("plain", "entryPoints/0", "web").server("app", "one", backend.url()).build());
            int web = port(proxy, "web");
            String request = "GET /behind HTTP/1.1\r\nHost: shop.test\r\nX-Forwarded-Proto: https\r\n"
                    + "Connection: close\r\n\r\n";
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(raw(web, request))
                    .as("a trusted client's X-Forwarded-Proto: https is on the target already, as in Traefik")
                    .startsWith("HTTP/1.1 200"));
            assertThat(raw(web, "GET /a HTTP/1.1\r\nHost: shop.test\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 301");
        }
        for (String port : List.of(":443", ":8443")) {
            try (RunningProxy proxy = RunningProxy.start(ETCD,
                    settings(Optional.of(new EntryPointRedirect(port, "https", true))))) {
                String get = raw(port(proxy, "web"),
                        "GET /a?q=1 HTTP/1.1\r\nHost: shop.test\r\nConnection: close\r\n\r\n");
                assertThat(get).as("to=" + port).startsWith("HTTP/1.1 301").contains("Location: https://shop.test"
                        + (port.equals(":443") ? "" : port) + "/a?q=1\r\n");
            }
        }
    }

    @Test
    void mutualTlsAndBadInputBreakOnlyWhatUsesThem() throws Exception {
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            TraefikKeys keys = certificate(new TraefikKeys()
                    .router("mtls", "Host(`b.test`)", "app").routerKey("mtls", "tls/options", "mtls")
                    .router("typo", "Host(`typo.test`)", "app").routerKey("typo", "tls/options", "nosuch")
                    .router("curves", "Host(`curves.test`)", "app").routerKey("curves", "tls/options", "curves")
                    .router("open", "Host(`open.test`)", "app")
                    .put(TLS + "options/mtls/clientAuth/caFiles/0", a.certPem())
                    .put(TLS + "options/mtls/clientAuth/clientAuthType", "RequireAndVerifyClientCert")
                    .put(TLS + "options/curves/curvePreferences/0", "CurveP256")
                    .put(TLS + "certificates/broken/certFile", "-----BEGIN CERTIFICATE-----\nnot base64\n"
                            + "-----END CERTIFICATE-----\n")
                    .put(TLS + "certificates/broken/keyFile", b.keyPem())
                    .server("app", "one", backend.url()), "b", b);
            proxy.apply(keys.build());
            int tls = port(proxy, "websecure");
            TlsClient withCertificate = TlsClient.withClientCertificate(a.certificate(),
                    PemKeyPairs.privateKey(a.keyPem().getBytes(StandardCharsets.US_ASCII)),
                    b.certificate());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    withCertificate.get(tls, Optional.of("b.test"), "b.test", "/")).startsWith("HTTP/1.1 200"));
            assertRefused(TlsClient.trusting(b.certificate()), tls, "b.test", "/without", backend);
            TlsClient generated = TlsClient.trustingAnything();
            assertThat(generated.get(tls, Optional.of("open.test"), "open.test", "/")).startsWith("HTTP/1.1 200");
            assertRefused(generated, tls, "typo.test", "/typo", backend);
            assertThat(generated.get(tls, Optional.of("open.test"), "curves.test", "/")).startsWith("HTTP/1.1 404");
            assertThat(proxy.runtime().snapshot().routing().exclusions()).extracting(Exclusion::toLine)
                    .anySatisfy(line -> assertThat(line).contains("typo")
                            .contains("traefik/http/routers/typo/tls/options: unknown TLS options nosuch"))
                    .anySatisfy(line -> assertThat(line).contains("curves").contains("curvePreferences"));
            assertThat(proxy.runtime().config().orElseThrow().problems())
                    .anySatisfy(p -> assertThat(p.key()).startsWith(TLS + "certificates/broken/"));
        }
    }

    /**
     * Every client authentication type on BoringSSL (the preferred stack, which serves options with client
     * certificates too) as Go's TLS applies it: the CA of the options is b's certificate; a's is another CA's, sent
     * even though the server names only b as acceptable.
     */
    @Test
    void everyClientAuthTypeIsEnforcedOnBoringSsl() throws Exception {
        assertThat(TlsStack.preferred().openssl()).as("BoringSSL loads on this platform").isTrue();
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            TraefikKeys keys = certificate(new TraefikKeys().server("app", "one", backend.url()), "a", a);
            for (String type : List.of("RequireAndVerifyClientCert", "VerifyClientCertIfGiven", "RequireAnyClientCert",
                    "RequestClientCert")) {
                keys.router(type, "Host(`" + type.toLowerCase(Locale.ROOT) + ".a.test`)", "app")
                        .routerKey(type, "tls/options", type)
                        .put(TLS + "options/" + type + "/clientAuth/caFiles/0", b.certPem())
                        .put(TLS + "options/" + type + "/clientAuth/clientAuthType", type);
            }
            proxy.apply(keys.build());
            int tls = port(proxy, "websecure");
            TlsClient none = TlsClient.trusting(a.certificate());
            TlsClient trusted = TlsClient.withClientCertificate(b.certificate(),
                    PemKeyPairs.privateKey(b.keyPem().getBytes(StandardCharsets.US_ASCII)), a.certificate());
            TlsClient otherCa = TlsClient.presentingAnyway(a.certificate(),
                    PemKeyPairs.privateKey(a.keyPem().getBytes(StandardCharsets.US_ASCII)), a.certificate());
            String verified = "requireandverifyclientcert.a.test";
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    trusted.get(tls, Optional.of(verified), verified, "/")).startsWith("HTTP/1.1 200"));
            assertRefused(none, tls, verified, "/none", backend);
            assertRefused(otherCa, tls, verified, "/other-ca", backend);
            String ifGiven = "verifyclientcertifgiven.a.test";
            assertThat(none.get(tls, Optional.of(ifGiven), ifGiven, "/")).startsWith("HTTP/1.1 200");
            assertThat(trusted.get(tls, Optional.of(ifGiven), ifGiven, "/")).startsWith("HTTP/1.1 200");
            assertRefused(otherCa, tls, ifGiven, "/other-ca-if-given", backend);
            String anyCert = "requireanyclientcert.a.test";
            assertRefused(none, tls, anyCert, "/none-any", backend);
            assertThat(otherCa.get(tls, Optional.of(anyCert), anyCert, "/")).startsWith("HTTP/1.1 200");
            String requested = "requestclientcert.a.test";
            assertThat(none.get(tls, Optional.of(requested), requested, "/")).startsWith("HTTP/1.1 200");
            assertThat(otherCa.get(tls, Optional.of(requested), requested, "/")).startsWith("HTTP/1.1 200");
        }
    }

    /**
     * {@code client} gets no answer for {@code path} on {@code host} (its handshake fails, or the connection is closed
     * without one: BoringSSL's engine ends a TLS 1.3 connection whose client certificate is missing or untrusted with
     * a close the JDK's client reads as the end of the stream) and the request reaches no backend.
     */
    private static void assertRefused(TlsClient client, int port, String host, String path, Backend backend) {
        String answer;
        try {
            answer = client.get(port, Optional.of(host), host, path);
        } catch (IOException refused) {
            answer = "";
        }
        assertThat(answer).as("the answer to %s on %s", path, host).isEmpty();
        assertThat(backend.received(path)).as("requests for %s that reached the backend", path).isEmpty();
    }

    @Test
    void aHostWhoseTlsOptionsDifferFromTheSnisGets421() throws Exception {
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(certificate(certificate(new TraefikKeys()
                    .router("strict", "Host(`b.test`)", "app").routerKey("strict", "tls/options", "modern")
                    .router("open", "Host(`a.test`) || Host(`x.a.test`)", "app")
                    .put(TLS + "options/modern/minVersion", "VersionTLS12")
                    .server("app", "one", backend.url()), "a", a), "b", b).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(a.certificate(), b.certificate());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.get(tls, Optional.of("b.test"), "b.test", "/")).startsWith("HTTP/1.1 200"));

            assertThat(client.get(tls, Optional.of("a.test"), "b.test", "/")).as("default SNI, modern Host")
                    .startsWith("HTTP/1.1 421");
            assertThat(client.get(tls, Optional.of("b.test"), "a.test", "/")).as("modern SNI, default Host")
                    .startsWith("HTTP/1.1 421");
            assertThat(TlsClient.trustingAnything().get(tls, Optional.empty(), "b.test:" + tls, "/"))
                    .as("no SNI, modern Host")
                    .startsWith("HTTP/1.1 421");
            assertThat(client.get(tls, Optional.of("a.test"), "x.a.test", "/")).as("both default")
                    .startsWith("HTTP/1.1 200");
            assertThat(client.get(tls, Optional.of("a.test"), "unknown.test", "/")).as("both default, no router")
                    .startsWith("HTTP/1.1 404");
            assertThat(client.get(tls, Optional.of("b.test"), "B.TEST:" + tls, "/")).as("the SNI in other case")
                    .startsWith("HTTP/1.1 200");
            assertThat(client.get(tls, Optional.of("b.test"), "b.test.", "/")).as("the Host as a FQDN")
                    .doesNotStartWith("HTTP/1.1 421");
            assertThat(backend.received()).noneSatisfy(received ->
                    assertThat(received.header("X-Forwarded-Host")).isIn("b.test:" + tls));
        }
    }

    /**
     * A connection made before its host's TLS options changed was made with options the router's configuration no
     * longer gives it: its next request gets 421 and the connection is closed (the client retries on a new one, which
     * gets the new options), never routed under the old options; a connection to a host whose options stay is served
     * on as before, and no request gets a 404 while the change is published.
     */
    @Test
    void aConnectionMadeBeforeItsHostsOptionsChangedGets421() throws Exception {
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(certificate(certificate(new TraefikKeys()
                    .router("admin", "Host(`b.test`)", "app").routerKey("admin", "tls", "true")
                    .router("open", "Host(`a.test`)", "app").routerKey("open", "tls", "true")
                    .put(TLS + "options/modern/minVersion", "VersionTLS13")
                    .server("app", "one", backend.url()), "a", a), "b", b).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(a.certificate(), b.certificate());
            try (KeptAliveTls moved = client.open(tls, Optional.of("b.test"));
                    KeptAliveTls stays = client.open(tls, Optional.of("a.test"))) {
                assertThat(moved.get("b.test", "/before").status()).isEqualTo(200);
                assertThat(stays.get("a.test", "/before").status()).isEqualTo(200);

                proxy.apply(Map.of("traefik/http/routers/admin/tls/options", "modern"));

                KeptAliveTls.Answer stale = moved.get("b.test", "/after");
                assertThat(stale.status()).as("a request over a connection made with the old options").isEqualTo(421);
                assertThatThrownBy(() -> moved.get("b.test", "/again")).as("the connection is closed after the 421")
                        .isInstanceOf(IOException.class);
                assertThat(stays.get("a.test", "/after").status()).as("a host whose options stay").isEqualTo(200);
            }
            assertThat(client.get(tls, Optional.of("b.test"), "b.test", "/new")).as("a new connection")
                    .startsWith("HTTP/1.1 200");
            assertThat(backend.received("/after")).as("requests for /after that reached the backend").hasSize(1);
            assertThat(backend.received("/again")).isEmpty();
        }
    }

    /**
     * An HTTP/2 connection made before its server name's options changed (here {@code default}'s, which every
     * connection without a known SNI has) gets one 421 and is closed after it, as an HTTP/1.1 one is: the client's
     * next request opens a new connection, made with the current options, and is routed. Before, the h2 connection
     * stayed open and answered 421 to every request (a JDK or gRPC client keeps it).
     */
    @Test
    void anHttp2ConnectionMadeBeforeItsOptionsChangedIsClosedAfterOne421() throws Exception {
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(certificate(new TraefikKeys().router("app", "PathPrefix(`/`)", "app")
                    .routerKey("app", "tls", "true").server("app", "one", backend.url()), "b", b).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(b.certificate());
            HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(client.context())
                    .sslParameters(client.parameters(Optional.of("b.test"), "h2", "http/1.1"))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> before = http2.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + tls + "/before")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(before.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(before.statusCode()).isEqualTo(200);

            proxy.apply(Map.of(TLS + "options/default/minVersion", "VersionTLS13"));

            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(sendRetryingUnprocessed(http2, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tls
                        + "/after" + i)).timeout(Duration.ofSeconds(10)).build()));
            }
            assertThat(answers).as("one 421, then the next requests on a new connection")
                    .containsExactly("HTTP_2 421", "HTTP_2 200", "HTTP_2 200");
            assertThat(backend.received("/after1")).hasSize(1);
        }
    }

    /**
     * A 421 on an HTTP/2 connection with another request in flight leaves the connection open, as Traefik does: the
     * request sent before the options changed gets its answer (a GOAWAY would have cut it); once it is done, the
     * client's next request gets the 421 alone and the connection ends after it.
     */
    @Test
    void anHttp2ConnectionWithAnotherRequestInFlightIsNotCutByA421() throws Exception {
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(certificate(new TraefikKeys().router("app", "PathPrefix(`/`)", "app")
                    .routerKey("app", "tls", "true").server("app", "one", backend.url()), "b", b).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(b.certificate());
            HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(client.context())
                    .sslParameters(client.parameters(Optional.of("b.test"), "h2", "http/1.1"))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            assertThat(http2.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tls + "/before"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            backend.delay(Duration.ofSeconds(3));
            CompletableFuture<HttpResponse<String>> slow = http2.sendAsync(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + tls + "/slow")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> !backend.received("/slow").isEmpty());
            backend.delay(Duration.ZERO);

            proxy.apply(Map.of(TLS + "options/default/minVersion", "VersionTLS13"));
            HttpResponse<String> during = http2.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + tls + "/during")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(during.statusCode()).isEqualTo(421);
            HttpResponse<String> answered = slow.get(20, TimeUnit.SECONDS);
            assertThat(answered.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(answered.statusCode()).as("the request in flight on the connection").isEqualTo(200);
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                answers.add(sendRetryingUnprocessed(http2, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tls
                        + "/after" + i)).timeout(Duration.ofSeconds(10)).build()));
            }
            assertThat(answers).as("the 421 alone ends the connection; the next request goes on a new one")
                    .containsExactly("HTTP_2 421", "HTTP_2 200");
        }
    }

    /**
     * The version and status the answer to {@code request} came with ("HTTP_2 421"), sent once more if the connection's
     * GOAWAY left it unprocessed, as HTTP/2 clients such as Go's and gRPC's do (RFC 9113 6.8): the JDK 17 client
     * fails every stream of a connection whose GOAWAY it reads, whatever the GOAWAY's last stream id, both a request it
     * sent in the instant before and one whose answer it has read but not yet handed over (the 421 that ends the
     * connection: its body is delivered on another thread than the one that reads the GOAWAY right behind it). The
     * answer's head is taken as it arrives, so that an answered 421 is not sent again.
     */
    private static String sendRetryingUnprocessed(HttpClient client, HttpRequest request)
            throws IOException, InterruptedException {
        AtomicReference<String> head = new AtomicReference<>();
        HttpResponse.BodyHandler<String> answer = info -> {
            head.set(info.version() + " " + info.statusCode());
            return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        };
        try {
            HttpResponse<String> response = client.send(request, answer);
            return response.version() + " " + response.statusCode();
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).endsWith("GOAWAY received")) {
                throw e;
            }
            if ("HTTP_2 421".equals(head.get())) {
                return head.get();
            }
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.version() + " " + response.statusCode();
        }
    }

    /**
     * TLS options an entry point's http.tls gives a router without its own apply on that entry point only (Traefik's
     * entry point model makes a copy of the router per entry point, and only the copy with them fails): options that
     * cannot be served leave it out there, reported, while it keeps serving on its other entry points; a router naming
     * such options itself is left out everywhere, as Traefik's router handler fails to build.
     */
    @Test
    void entryPointOptionsThatCannotBeServedLeaveARouterOutOnlyOnThatEntryPoint() throws Exception {
        TestCertificate a = TlsFixtures.a();
        ProxySettings one = settings(false);
        EntryPointOptions secure = one.entryPointOptions().get("websecure");
        Map<String, EntryPointOptions> options = new TreeMap<>(one.entryPointOptions());
        options.put("websecure", new EntryPointOptions(secure.path(), secure.underscoreHeaders(),
                secure.forwardedHeaders(), Optional.of(RouterTls.of("nosuch", "")), secure.redirect()));
        ProxySettings typo = new ProxySettings(one.entryPoints(), one.prefix(), one.requestTimeout(),
                one.connectRetries(), one.maxHeaderBytes(), one.maxBodyBytes(), one.shutdownGrace(), options);
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, typo)) {
            proxy.apply(certificate(new TraefikKeys()
                    .router("app", "Host(`a.test`)", "app")
                    .router("own", "Host(`x.a.test`)", "app").routerKey("own", "tls/options", "nosuch")
                    .server("app", "one", backend.url()), "a", a).build());

            HttpResponse<String> plain = proxy.client().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port(proxy, "web") + "/plain")).header("Host", "a.test").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).as("app on web, which has no TLS").isEqualTo(200);
            assertRefused(TlsClient.trusting(a.certificate()), port(proxy, "websecure"), "a.test", "/secure",
                    backend);
            assertThat(proxy.runtime().snapshot().problems())
                    .extracting(problem -> problem.router() + (problem.served() ? ": " : " not served: ")
                            + problem.message()).containsExactly("app: tls.options: not served on websecure (served "
                            + "on web): on entry point websecure: the entry point's http.tls.options: unknown TLS "
                            + "options nosuch (expected: options defined under tls/options, or default)");
            assertThat(proxy.runtime().snapshot().routing().exclusions()).extracting(Exclusion::toLine)
                    .singleElement().asString().startsWith("router own: tls.options: traefik/http/routers/own/tls/options");
        }
    }

    /** A Host whose routers are left out for their options has {@code default} options, as Traefik's snicheck. */
    @Test
    void aHostOfRoutersLeftOutForTheirOptionsHasTheDefaultOptionsAgainstTheSnis() throws Exception {
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(new TraefikKeys()
                    .router("old", "Host(`old.test`)", "app").routerKey("old", "tls/options", "legacy")
                    .router("typo", "Host(`typo.test`)", "app").routerKey("typo", "tls/options", "nosuch")
                    .router("all", "PathPrefix(`/`)", "app").routerKey("all", "tls", "true")
                    .put(TLS + "options/legacy/minVersion", "VersionTLS12")
                    .server("app", "one", backend.url()).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trustingAnything();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.get(tls, Optional.of("old.test"), "old.test", "/")).startsWith("HTTP/1.1 200"));

            assertThat(client.get(tls, Optional.of("old.test"), "typo.test", "/")).as("legacy SNI, left out Host")
                    .startsWith("HTTP/1.1 421");
            assertThat(client.get(tls, Optional.of("any.test"), "typo.test", "/")).as("both default")
                    .startsWith("HTTP/1.1 200");
        }
    }

    /**
     * kvroute fails closed where Traefik serves with a warning: a router whose connections cannot get the TLS options
     * it names (contradicted by another router of its host, which gives the host {@code default}, or no Host in its
     * rule) is left out and reported, unless its options are equal in effect to those its connections get.
     */
    @Test
    void routersWhoseConnectionsCannotGetTheirTlsOptionsAreLeftOutAndReported() throws Exception {
        TestCertificate a = TlsFixtures.a();
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(certificate(certificate(new TraefikKeys()
                    .router("admin", "Host(`b.test`) && PathPrefix(`/admin`)", "app")
                    .routerKey("admin", "tls/options", "mtls")
                    .router("site", "Host(`b.test`)", "app").routerKey("site", "tls", "true")
                    .put(TLS + "options/mtls/clientAuth/caFiles/0", a.certPem())
                    .put(TLS + "options/mtls/clientAuth/clientAuthType", "RequireAndVerifyClientCert")
                    .router("modern", "Host(`a.test`)", "app").routerKey("modern", "tls/options", "modern")
                    .router("open", "Host(`a.test`) && PathPrefix(`/open`)", "app").routerKey("open", "tls", "true")
                    .put(TLS + "options/modern/minVersion", "VersionTLS13")
                    .router("nohost", "PathPrefix(`/nohost`)", "app").routerKey("nohost", "tls/options", "old")
                    .put(TLS + "options/old/maxVersion", "VersionTLS12")
                    .router("alike", "PathPrefix(`/alike`)", "app").routerKey("alike", "tls/options", "alike")
                    .put(TLS + "options/alike/minVersion", "VersionTLS12")
                    .put(TLS + "options/default/minVersion", "VersionTLS12")
                    .router("either", "Host(`c.test`) || PathPrefix(`/either`)", "app")
                    .routerKey("either", "tls/options", "mtls").routerKey("either", "entryPoints/0", "websecure")
                    .routerKey("admin", "entryPoints/0", "websecure").routerKey("site", "entryPoints/0", "websecure")
                    .routerKey("modern", "entryPoints/0", "websecure").routerKey("open", "entryPoints/0", "websecure")
                    .routerKey("nohost", "entryPoints/0", "websecure").routerKey("alike", "entryPoints/0", "websecure")
                    .server("app", "one", backend.url()), "a", a), "b", b).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(a.certificate(), b.certificate());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.get(tls, Optional.of("b.test"), "b.test", "/site")).startsWith("HTTP/1.1 200"));
            assertThat(client.get(tls, Optional.of("b.test"), "b.test", "/admin")).as("without a client certificate")
                    .startsWith("HTTP/1.1 404");
            assertThat(backend.received("/admin")).isEmpty();
            assertThat(client.get(tls, Optional.of("a.test"), "a.test", "/")).as("TLS 1.3 only, shares a.test")
                    .startsWith("HTTP/1.1 404");
            assertThat(client.get(tls, Optional.of("a.test"), "a.test", "/open")).startsWith("HTTP/1.1 200");
            assertThat(client.get(tls, Optional.of("b.test"), "b.test", "/nohost")).startsWith("HTTP/1.1 404");
            assertThat(client.get(tls, Optional.of("b.test"), "b.test", "/alike")).as("options alike default")
                    .startsWith("HTTP/1.1 200");
            assertThat(client.get(tls, Optional.of("b.test"), "b.test", "/either"))
                    .as("mTLS asked by a rule that also matches hosts outside its Host names").startsWith("HTTP/1.1 404");
            assertThat(backend.received("/either")).isEmpty();

            assertThat(proxy.runtime().snapshot().problems())
                    .extracting(problem -> problem.router() + (problem.served() ? ": " : " not served: ")
                            + problem.message()).containsExactlyInAnyOrder(
                            "admin not served: tls.options: on entry point websecure: the TLS options mtls conflict "
                                    + "with those of other routers of host b.test on this entry point: its "
                                    + "connections get the default TLS options",
                            "modern not served: tls.options: on entry point websecure: the TLS options modern conflict "
                                    + "with those of other routers of host a.test on this entry point: its "
                                    + "connections get the default TLS options",
                            "nohost not served: tls.options: on entry point websecure: no domain found in rule "
                                    + "PathPrefix(`/nohost`), the TLS options old cannot be applied (a connection's "
                                    + "options are chosen by its SNI among the Host names of the TLS routers; others "
                                    + "get default)",
                            "either not served: tls.options: on entry point websecure: rule Host(`c.test`) || "
                                    + "PathPrefix(`/either`) also matches requests to hosts other than c.test, whose "
                                    + "connections get the default TLS options, not mtls");
            assertThat(proxy.runtime().snapshot().routerHandlers()).containsKeys("site", "open", "alike")
                    .doesNotContainKeys("admin", "modern", "nohost", "either");
        }
    }

    /**
     * TLS options are decided per entry point, as in Traefik: a router whose options another router of its host
     * contradicts on one entry point only is left out there, and keeps serving on its other entry point; the same
     * for a router whose rule names no host, refused on the entry point where its options are not default.
     */
    @Test
    void aRouterWhoseOptionsConflictOnOneEntryPointKeepsServingOnTheOther() throws Exception {
        TestCertificate a = TlsFixtures.a();
        ProxySettings one = settings(false);
        EntryPointOptions secure = one.entryPointOptions().get("websecure");
        Map<String, InetSocketAddress> addresses = new TreeMap<>(one.entryPoints());
        addresses.put("websecure2", new InetSocketAddress("127.0.0.1", 0));
        Map<String, EntryPointOptions> options = new TreeMap<>(one.entryPointOptions());
        options.put("websecure2", new EntryPointOptions(secure.path(), secure.underscoreHeaders(),
                secure.forwardedHeaders(), Optional.of(RouterTls.of("modern", "")), secure.redirect()));
        ProxySettings two = new ProxySettings(addresses, one.prefix(), one.requestTimeout(), one.connectRetries(),
                one.maxHeaderBytes(), one.maxBodyBytes(), one.shutdownGrace(), options);
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, two)) {
            proxy.apply(certificate(new TraefikKeys()
                    .router("modern", "Host(`a.test`) && PathPrefix(`/modern`)", "app")
                    .routerKey("modern", "tls/options", "modern")
                    .routerKey("modern", "entryPoints/0", "websecure")
                    .routerKey("modern", "entryPoints/1", "websecure2")
                    .router("open", "Host(`a.test`)", "app").routerKey("open", "tls", "true")
                    .routerKey("open", "entryPoints/0", "websecure2")
                    .router("nohost", "PathPrefix(`/nohost`)", "app")
                    .routerKey("nohost", "entryPoints/0", "websecure")
                    .routerKey("nohost", "entryPoints/1", "websecure2")
                    .put(TLS + "options/modern/minVersion", "VersionTLS13")
                    .server("app", "one", backend.url()), "a", a).build());
            TlsClient client = TlsClient.trusting(a.certificate());
            int first = port(proxy, "websecure");
            int second = port(proxy, "websecure2");

            assertThat(client.get(first, Optional.of("a.test"), "a.test", "/modern"))
                    .as("no conflict on websecure").startsWith("HTTP/1.1 200");
            assertThat(client.get(second, Optional.of("a.test"), "a.test", "/modern"))
                    .as("open names other options for a.test on websecure2").startsWith("HTTP/1.1 404");
            assertThat(client.get(second, Optional.of("a.test"), "a.test", "/")).startsWith("HTTP/1.1 200");
            assertThat(client.get(first, Optional.of("a.test"), "a.test", "/nohost")).startsWith("HTTP/1.1 200");
            assertThat(client.get(second, Optional.of("a.test"), "a.test", "/nohost"))
                    .as("websecure2's options are modern, which no SNI can choose for it").startsWith("HTTP/1.1 404");
            assertThat(backend.received("/modern")).hasSize(1);
            assertThat(backend.received("/nohost")).hasSize(1);

            assertThat(proxy.runtime().snapshot().problems())
                    .extracting(problem -> problem.router() + (problem.served() ? ": " : " not served: ")
                            + problem.message()).containsExactlyInAnyOrder(
                            "modern: tls.options: not served on websecure2 (served on websecure): on entry point "
                                    + "websecure2: the TLS options modern conflict with those of other routers of "
                                    + "host a.test on this entry point: its connections get the default TLS options",
                            "nohost: tls.options: not served on websecure2 (served on websecure): on entry point "
                                    + "websecure2: no domain found in rule PathPrefix(`/nohost`), the TLS options "
                                    + "modern cannot be applied (a connection's options are chosen by its SNI among "
                                    + "the Host names of the TLS routers; others get default)");
            assertThat(usingInTheApi(proxy, List.of("modern@etcd", "nohost@etcd", "open@etcd")))
                    .as("Traefik's using names only the entry points a router is served on").containsExactly(
                            "[\"websecure\"]", "[\"websecure\"]", "[\"websecure2\"]");
        }
    }

    /** The {@code using} of each router in the API, in the order given. */
    private static List<String> usingInTheApi(RunningProxy proxy, List<String> routers) throws Exception {
        try (WebServer web = WebServer.start(WebOptions.open(new InetSocketAddress("127.0.0.1", 0)), proxy.runtime(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            List<String> using = new ArrayList<>();
            for (String router : routers) {
                URI uri = URI.create("http://127.0.0.1:" + web.address().getPort() + "/api/http/routers/" + router);
                HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(5)).GET().build());
                assertThat(response.statusCode()).isEqualTo(200);
                using.add(JSON.readTree(response.body()).get("using").toString());
            }
            return using;
        }
    }

    @Test
    void aRefusedHandshakeEndsWithTheAlertThatSaysWhyAsTraefiksGoTlsSendsIt() throws Exception {
        TestCertificate b = TlsFixtures.b();
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, settings(false))) {
            proxy.apply(certificate(new TraefikKeys()
                    .router("old", "Host(`b.test`)", "app").routerKey("old", "tls/options", "old")
                    .put(TLS + "options/old/maxVersion", "VersionTLS12")
                    .server("app", "one", backend.url()), "b", b).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(b.certificate());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.get(tls, Optional.of("b.test"), "b.test", "/")).startsWith("HTTP/1.1 200"));

            assertThatThrownBy(() -> handshakeOver(client, tls, "b.test", "TLSv1.3"))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("Received fatal alert: protocol_version");
            assertThat(client.helloUntilClosed(tls, "b.test", Duration.ofSeconds(2), "TLSv1.3"))
                    .as("the alert record (protocol_version), then the proxy's close at once")
                    .hasSizeGreaterThanOrEqualTo(7).startsWith((byte) 21).endsWith((byte) 70);

            proxy.apply(new TraefikKeys().put(TLS + "options/default/sniStrict", "true").build());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(
                    () -> handshakeOver(client, tls, "unknown.test", "TLSv1.3", "TLSv1.2"))
                    .isInstanceOf(SSLException.class).hasMessageContaining("Received fatal alert: unrecognized_name"));
            assertThatThrownBy(() -> handshakeOver(client, tls, "unknown.test", "TLSv1.2"))
                    .isInstanceOf(SSLException.class).hasMessageContaining("Received fatal alert: unrecognized_name");
            assertThat(client.get(tls, Optional.of("b.test"), "b.test", "/")).startsWith("HTTP/1.1 200");
        }
        ProxySettings boring = settings(false);
        ProxySettings jdk = new ProxySettings(boring.entryPoints(), boring.prefix(), boring.requestTimeout(),
                boring.connectRetries(), boring.maxHeaderBytes(), boring.maxBodyBytes(), boring.shutdownGrace(),
                boring.entryPointOptions(), boring.forwarding(), TlsStack.choose(TlsStack.JDK),
                boring.udpEntryPoints(), boring.ruleSyntax());
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD, jdk)) {
            proxy.apply(certificate(new TraefikKeys().router("app", "Host(`b.test`)", "app")
                    .put(TLS + "options/default/sniStrict", "true")
                    .server("app", "one", backend.url()), "b", b).build());
            int tls = port(proxy, "websecure");
            TlsClient client = TlsClient.trusting(b.certificate());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.get(tls, Optional.of("b.test"), "b.test", "/")).startsWith("HTTP/1.1 200"));
            assertThatThrownBy(() -> handshakeOver(client, tls, "unknown.test", "TLSv1.3", "TLSv1.2"))
                    .as("on the JDK's TLS").isInstanceOf(SSLException.class)
                    .hasMessageContaining("Received fatal alert: unrecognized_name");
        }
    }

    /** A handshake with SNI {@code serverName} offering only {@code protocols}. */
    private static void handshakeOver(TlsClient client, int port, String serverName, String... protocols)
            throws IOException {
        try (SSLSocket socket = (SSLSocket) client.context().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = client.parameters(Optional.of(serverName));
            parameters.setProtocols(protocols);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        }
    }

    /** Sends {@code request} over plain TCP to 127.0.0.1 and reads until the server closes. */
    static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
