package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traefik 1.7 frontend features, written as 1.7 keys ({@code /traefik/frontends/NAME/...}) in a real etcd, served
 * by the proxy through the middlewares they map onto: a whiteList refuses or lets the client through, a rate set
 * answers 429 past its burst, basic auth asks for and accepts the user, security and custom response headers reach
 * the client, a redirect by regex and replacement redirects. Every frontend is served (nothing left out, no chain
 * problem). The errors feature is not here: the proxy does not register the {@code errors} middleware yet.
 */
class V1FrontendMiddlewaresIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();
    /** Vector v1_13's user {@code test}, password {@code test}. */
    private static final String APR1_USER = "test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/";

    @Test
    void traefik17FrontendFeaturesAreAppliedAsMiddlewares() {
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            Map<String, String> keys = new TreeMap<>();
            keys.put("/traefik/backends/app/servers/one/url", backend.url());
            frontend(keys, "denied", "whitelist/sourcerange", "10.0.0.0/8");
            frontend(keys, "allowed", "whitelist/sourcerange", "127.0.0.1/32");
            frontend(keys, "limited", "ratelimit/extractorfunc", "client.ip");
            keys.put("/traefik/frontends/limited/ratelimit/rateset/r1/period", "60");
            keys.put("/traefik/frontends/limited/ratelimit/rateset/r1/average", "1");
            keys.put("/traefik/frontends/limited/ratelimit/rateset/r1/burst", "2");
            frontend(keys, "auth", "auth/basic/users/0", APR1_USER);
            frontend(keys, "secure", "headers/framedeny", "true");
            keys.put("/traefik/frontends/secure/headers/stsseconds", "315360000");
            keys.put("/traefik/frontends/secure/headers/stsincludesubdomains", "true");
            keys.put("/traefik/frontends/secure/headers/forcestsheader", "true");
            keys.put("/traefik/frontends/secure/headers/customresponseheaders/x-served-by", "kvroute");
            frontend(keys, "moved", "redirect/regex", "^http://moved\\.test/old/(.*)");
            keys.put("/traefik/frontends/moved/redirect/replacement", "http://moved.test/new/$1");
            keys.put("/traefik/frontends/moved/redirect/permanent", "true");
            proxy.apply(keys);

            assertThat(proxy.runtime().snapshot().routing().exclusions()).extracting(Exclusion::toLine).isEmpty();
            assertThat(proxy.runtime().snapshot().problems()).isEmpty();

            HttpResponse<String> denied = proxy.get("denied.test", "/denied");
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(proxy.get("allowed.test", "/allowed").statusCode()).isEqualTo(200);

            List<Integer> limited = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                limited.add(proxy.get("limited.test", "/limited").statusCode());
            }
            assertThat(limited).as("burst 2 at 1 request a minute").containsExactly(200, 200, 429);

            assertThat(proxy.get("auth.test", "/auth").statusCode()).isEqualTo(401);
            HttpResponse<String> authorized = proxy.send(proxy.request("auth.test", "/auth")
                    .header("Authorization", basic("test", "test")).GET().build());
            assertThat(authorized.statusCode()).isEqualTo(200);
            assertThat(authorized.body()).isEqualTo("origin");

            HttpResponse<String> secure = proxy.get("secure.test", "/secure");
            assertThat(secure.statusCode()).isEqualTo(200);
            assertThat(secure.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(secure.headers().firstValue("Strict-Transport-Security"))
                    .contains("max-age=315360000; includeSubDomains");
            assertThat(secure.headers().firstValue("X-Served-By")).contains("kvroute");

            HttpResponse<String> moved = proxy.get("moved.test", "/old/page?id=7");
            assertThat(moved.statusCode()).isEqualTo(301);
            assertThat(moved.headers().firstValue("Location")).contains("http://moved.test/new/page?id=7");

            assertThat(backend.received()).extracting(Backend.Received::uri)
                    .containsExactly("/allowed", "/limited", "/limited", "/auth", "/secure");
        }
    }

    /** A frontend {@code name} on backend {@code app}, routed by {@code Host:name.test}, with one feature key. */
    private static void frontend(Map<String, String> keys, String name, String feature, String value) {
        String frontend = "/traefik/frontends/" + name + "/";
        keys.put(frontend + "backend", "app");
        keys.put(frontend + "routes/r/rule", "Host:" + name + ".test");
        keys.put(frontend + feature, value);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
