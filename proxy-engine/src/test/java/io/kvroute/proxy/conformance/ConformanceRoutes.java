package io.kvroute.proxy.conformance;

import io.kvroute.proxy.testing.TraefikKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The routes every proxy under test serves, kvroute from keys and nginx from its configuration: on host
 * {@value #HOST}, {@code /api} open, {@code /admin} behind basic auth (user {@code test}, password {@code test}), and
 * everything else open; other hosts get 404.
 */
final class ConformanceRoutes {
    static final String HOST = "conf.test";
    /** Vector v1_13's user {@code test}, password {@code test}, an apr1 hash both Traefik and nginx read. */
    static final String HTPASSWD_LINE = "test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/";
    static final String AUTHORIZATION = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("test:test".getBytes(StandardCharsets.UTF_8));

    private ConformanceRoutes() {
    }

    /** Traefik v3 keys: routers {@code conf}, {@code conf-api} and {@code conf-admin} (basicAuth) to the origin. */
    static Map<String, String> traefikKeys(String originUrl) {
        return new TraefikKeys()
                .router("conf", "Host(`" + HOST + "`)", "origin")
                .router("conf-api", "Host(`" + HOST + "`) && PathPrefix(`/api`)", "origin")
                .router("conf-admin", "Host(`" + HOST + "`) && PathPrefix(`/admin`)", "origin")
                .middlewares("conf-admin", "admin-auth")
                .middleware("admin-auth", "basicAuth/users/0", HTPASSWD_LINE)
                .server("origin", "one", originUrl)
                .build();
    }
}
