package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TlsClient;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik 1.7 frontends' {@code headers/sslRedirect} through real etcd keys and a proxy with a plain entry point
 * ({@code web}) and a TLS one ({@code websecure}): plain requests are redirected as unrolled/secure does (301, or 307
 * with {@code sslTemporaryRedirect}, to https with the Host as sent), without the frontend's security headers; TLS
 * requests reach the backend with them; {@code sslHost} still leaves its frontend out, naming the key.
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

            assertThat(HttpsEntryPointIT.raw(web, "GET / HTTP/1.1\r\nHost: other.test\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 404 ");
            assertThat(proxy.runtime().snapshot().routing().exclusions()).extracting(Exclusion::toLine)
                    .singleElement().asString().startsWith("router other: ")
                    .contains("frontends/other/headers/sslhost");
        }
    }
}
