package io.kvroute.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.http.ChainProblem;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TlsClient;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik 1.7 frontends' {@code redirect/entryPoint} through real etcd keys and a proxy with a plain entry point
 * ({@code web}) and a TLS one ({@code websecure}): a request on web is redirected to
 * {@code https://<host>:<websecure's port><path>} with Traefik 1.7's statuses, the same frontend is served on
 * websecure itself, and an entry point the proxy does not have leaves only that frontend out, naming the key.
 */
class V1EntryPointRedirectIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    private static Map<String, String> frontend(String name, String host, String... redirect) {
        Map<String, String> keys = new TreeMap<>();
        keys.put("/traefik/frontends/" + name + "/backend", "app");
        keys.put("/traefik/frontends/" + name + "/routes/r/rule", "Host:" + host);
        for (int i = 0; i < redirect.length; i += 2) {
            keys.put("/traefik/frontends/" + name + "/redirect/" + redirect[i], redirect[i + 1]);
        }
        return keys;
    }

    @Test
    void aFrontendOnThePlainEntryPointIsRedirectedToTheTlsOneAndServedThere() throws Exception {
        try (Backend backend = Backend.start("origin");
                RunningProxy proxy = RunningProxy.start(ETCD, HttpsEntryPointIT.settings(false))) {
            Map<String, String> keys = new TreeMap<>();
            keys.put("/traefik/backends/app/servers/one/url", backend.url());
            keys.putAll(frontend("shop", "shop.test", "entrypoint", "websecure", "permanent", "true"));
            keys.putAll(frontend("temp", "temp.test", "entrypoint", "websecure"));
            keys.putAll(frontend("typo", "typo.test", "entrypoint", "nosuch"));
            proxy.apply(keys);
            int web = HttpsEntryPointIT.port(proxy, "web");
            int tls = HttpsEntryPointIT.port(proxy, "websecure");

            String get = HttpsEntryPointIT.raw(web, "GET /a/b?q=1 HTTP/1.1\r\nHost: shop.test:" + web
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(get).startsWith("HTTP/1.1 301 ")
                    .contains("\r\nLocation: https://shop.test:" + tls + "/a/b?q=1\r\n")
                    .endsWith("\r\n\r\nMoved Permanently");
            assertThat(HttpsEntryPointIT.raw(web, "POST /form HTTP/1.1\r\nHost: shop.test\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 308 ").contains("\r\nLocation: https://shop.test:" + tls + "/form\r\n");
            assertThat(HttpsEntryPointIT.raw(web, "GET / HTTP/1.1\r\nHost: temp.test\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 302 ").contains("\r\nLocation: https://temp.test:" + tls + "/\r\n");
            assertThat(HttpsEntryPointIT.raw(web, "PUT / HTTP/1.1\r\nHost: temp.test\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 307 ").contains("\r\nLocation: https://temp.test:" + tls + "/\r\n");
            assertThat(backend.received()).as("nothing redirected reaches the backend").isEmpty();

            String onTarget = TlsClient.trustingAnything().get(tls, Optional.of("shop.test"), "shop.test",
                    "/a/b?q=1");
            assertThat(onTarget).as("Traefik 1.7 builds no redirect on the target entry point")
                    .startsWith("HTTP/1.1 200");
            assertThat(backend.received()).extracting(Backend.Received::uri).containsExactly("/a/b?q=1");

            assertThat(HttpsEntryPointIT.raw(web, "GET / HTTP/1.1\r\nHost: typo.test\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 404 ");
            assertThat(proxy.runtime().snapshot().problems()).filteredOn(problem -> !problem.served())
                    .singleElement().satisfies(problem -> {
                        assertThat(problem.router()).startsWith("typo");
                        assertThat(problem.message()).isEqualTo("middleware \"typo-redirectentrypoint\" "
                                + "(v1RedirectEntryPoint): frontends/typo/redirect/entrypoint \"nosuch\": no such "
                                + "entry point, so Traefik 1.7 builds no frontend either (expected one of: web, "
                                + "websecure)");
                    });
            assertThat(proxy.runtime().snapshot().problems()).extracting(ChainProblem::router)
                    .noneMatch(router -> router.startsWith("shop") || router.startsWith("temp"));
        }
    }
}
