package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TlsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik 1.7 frontends' {@code headers/sslRedirect} through real etcd keys and a proxy with a plain entry point
 * ({@code web}) and a TLS one ({@code websecure}): plain requests are redirected as unrolled/secure does (301, or 307
 * with {@code sslTemporaryRedirect}, to https with the Host as sent), without the frontend's security headers; TLS
 * requests reach the backend with them; {@code sslHost} is where the redirect goes, {@code sslForceHost} redirects
 * TLS requests for another host too, and a backend's {@code http://<sslHost>/} Location is rewritten to https when
 * the request it answered counts as https for unrolled/secure, as sent to the backend.
 */
class V1SslRedirectIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static Map<String, String> frontend(String name, String host, String... headers) {
        Map<String, String> keys = new TreeMap<>();
        keys.put("/traefik/frontends/" + name + "/backend", "app");
        keys.put("/traefik/frontends/" + name + "/routes/r/rule", "Host:" + host);
        for (int i = 0; i < headers.length; i += 2) {
            keys.put("/traefik/frontends/" + name + "/headers/" + headers[i], headers[i + 1]);
        }
        return keys;
    }

    @Test
    void plainRequestsAreRedirectedToHttpsAndTlsOnesServedWithTheSecurityHeaders() throws Exception {
        try (Backend backend = Backend.start("origin");
                RunningProxy proxy = RunningProxy.start(ETCD, HttpsEntryPointIT.settings(false))) {
            Map<String, String> keys = new TreeMap<>();
            keys.put("/traefik/backends/app/servers/one/url", backend.url());
            keys.putAll(frontend("shop", "shop.test", "sslredirect", "true", "framedeny", "true"));
            keys.putAll(frontend("temp", "temp.test", "sslredirect", "true", "ssltemporaryredirect", "true"));
            keys.putAll(frontend("other", "other.test", "sslredirect", "true", "sslhost", "secure.test"));
            keys.putAll(frontend("forced", "forced.test", "sslhost", "secure.test", "sslforcehost", "true"));
            proxy.apply(keys);
            int web = HttpsEntryPointIT.port(proxy, "web");
            int tls = HttpsEntryPointIT.port(proxy, "websecure");

            String get = HttpsEntryPointIT.raw(web, "GET /a?b=1 HTTP/1.1\r\nHost: shop.test:" + web
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(get).startsWith("HTTP/1.1 301 ")
                    .contains("\r\nLocation: https://shop.test:" + web + "/a?b=1\r\n")
                    .doesNotContain("X-Frame-Options")
                    .endsWith("\">Moved Permanently</a>.\n\n");
            assertThat(HttpsEntryPointIT.raw(web, "POST / HTTP/1.1\r\nHost: temp.test\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 307 ").contains("\r\nLocation: https://temp.test/\r\n");
            assertThat(backend.received()).as("nothing redirected reaches the backend").isEmpty();

            String onTls = TlsClient.trustingAnything().get(tls, Optional.of("shop.test"), "shop.test", "/a");
            assertThat(onTls).startsWith("HTTP/1.1 200").contains("X-Frame-Options: DENY");
            assertThat(backend.received()).extracting(Backend.Received::uri).containsExactly("/a");

            assertThat(HttpsEntryPointIT.raw(web, "GET /p HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n"))
                    .as("to sslHost").startsWith("HTTP/1.1 301 ").contains("\r\nLocation: https://secure.test/p\r\n");
            assertThat(TlsClient.trustingAnything().get(tls, Optional.of("forced.test"), "forced.test", "/f"))
                    .as("sslForceHost, on TLS too").startsWith("HTTP/1.1 301 ")
                    .contains("\r\nLocation: https://secure.test/f\r\n");
            assertThat(backend.received()).hasSize(1);
            assertThat(proxy.runtime().snapshot().routing().exclusions()).isEmpty();
        }
    }

    /** A real backend answering every request 302 to {@code http://secure.test<path>}, or as its path says. */
    private static HttpServer redirectingBackend() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String location = switch (path) {
                case "/bare" -> "http://secure.test";
                case "/port" -> "http://secure.test:877/x";
                case "/other" -> "http://example.com/x";
                default -> "http://secure.test" + path;
            };
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String location(String response) {
        return response.lines().filter(line -> line.startsWith("Location: ")).findFirst()
                .orElse("Location: ").substring("Location: ".length());
    }

    @Test
    void theBackendsHttpLocationToSslHostBecomesHttpsWhenTheRequestSentCountsAsHttps() throws Exception {
        HttpServer backend = redirectingBackend();
        try (RunningProxy proxy = RunningProxy.start(ETCD, HttpsEntryPointIT.settings(false))) {
            Map<String, String> keys = new TreeMap<>();
            keys.put("/traefik/backends/app/servers/one/url", "http://127.0.0.1:" + backend.getAddress().getPort());
            keys.putAll(frontend("loc", "loc.test", "sslhost", "secure.test"));
            keys.putAll(frontend("custom", "custom.test", "sslhost", "secure.test", "sslproxyheaders/X-Scheme",
                    "https", "customrequestheaders/X-Scheme", "https"));
            keys.putAll(frontend("sent", "sent.test", "sslhost", "secure.test", "sslproxyheaders/X-Forwarded-Proto",
                    "http"));
            proxy.apply(keys);
            int web = HttpsEntryPointIT.port(proxy, "web");
            int tls = HttpsEntryPointIT.port(proxy, "websecure");
            TlsClient client = TlsClient.trustingAnything();

            assertThat(location(client.get(tls, Optional.of("loc.test"), "loc.test", "/x")))
                    .as("TestModifyResponseHeadersWithSSLAndPathInLocationResponse").isEqualTo("https://secure.test/x");
            assertThat(location(client.get(tls, Optional.of("loc.test"), "loc.test", "/bare")))
                    .as("TestModifyResponseHeadersWithSSLAndMatchingSSLHost").isEqualTo("https://secure.test");
            assertThat(location(client.get(tls, Optional.of("loc.test"), "loc.test", "/port")))
                    .as("TestModifyResponseHeadersWithSSLAndPortInLocationResponse")
                    .isEqualTo("http://secure.test:877/x");
            assertThat(location(client.get(tls, Optional.of("loc.test"), "loc.test", "/other")))
                    .as("TestModifyResponseHeadersWithSSLAndDifferentSSLHost").isEqualTo("http://example.com/x");
            assertThat(location(plainGet(web, "loc.test", "/x"))).as("not https: left alone")
                    .isEqualTo("http://secure.test/x");
            assertThat(location(plainGet(web, "custom.test", "/x"))).as("a custom request header counts")
                    .isEqualTo("https://secure.test/x");
            assertThat(location(plainGet(web, "sent.test", "/x"))).as("X-Forwarded-Proto as the proxy sends it")
                    .isEqualTo("https://secure.test/x");
            assertThat(location(plainGet(web, "sent.test", "/x", "X-Forwarded-Proto: https\r\n")))
                    .as("an untrusted client's X-Forwarded-Proto is not sent").isEqualTo("https://secure.test/x");
            assertThat(proxy.runtime().snapshot().routing().exclusions()).isEmpty();
        } finally {
            backend.stop(0);
        }
    }

    private static String plainGet(int port, String host, String path, String... headers) throws IOException {
        return HttpsEntryPointIT.raw(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + String.join("", headers) + "Connection: close\r\n\r\n");
    }
}
