package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.http.ChainProblem;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fail closed, through real etcd keys: a router whose chain has a middleware kvroute does not implement
 * ({@code plugin}) or settings it does not apply (gRPC-Web decoded after a buffering middleware read the body), and a
 * router with tls on a plain-HTTP entry point, are not served (404, nothing reaches the origin) and are reported with the middleware or setting
 * named; a router whose forwardAuth server cannot be reached answers 500 and forwards nothing; an open router on the
 * same service keeps serving. The same for a Traefik v1 frontend with a feature kvroute cannot map onto a middleware
 * (a redirect to an entry point, whose scheme and port are static configuration).
 */
class FailClosedIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void routersWhoseProtectionKvrouteCannotApplyAreLeftOutAndReported() {
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .router("open", "Host(`open.test`)", "app")
                    .router("admin", "Host(`admin.test`)", "app").middlewares("admin", "geo")
                    .middleware("geo", "plugin/geoblock/allowedCountries/0", "FR")
                    .router("limited", "Host(`limited.test`)", "app").middlewares("limited", "buffer", "grpc")
                    .middleware("buffer", "buffering/maxRequestBodyBytes", "1048576")
                    .middleware("grpc", "grpcWeb/allowOrigins/0", "*")
                    .router("sec", "Host(`sec.test`)", "app").middlewares("sec", "sso")
                    .middleware("sso", "forwardAuth/address", "http://127.0.0.1:9/deny")
                    .router("tls", "Host(`tls.test`)", "app").routerKey("tls", "tls/certResolver", "le")
                    .server("app", "one", backend.url())
                    .build());

            assertThat(proxy.get("open.test", "/").statusCode()).isEqualTo(200);
            for (String host : new String[] {"admin.test", "limited.test", "tls.test"}) {
                assertThat(proxy.get(host, "/secret").statusCode()).as(host).isEqualTo(404);
            }
            assertThat(proxy.get("sec.test", "/secret").statusCode()).isEqualTo(500);
            assertThat(backend.received()).extracting(Backend.Received::uri).containsExactly("/");
            assertThat(proxy.runtime().snapshot().problems()).extracting(ChainProblem::toLine).satisfiesExactlyInAnyOrder(
                    line -> assertThat(line).startsWith("router admin not served: middleware \"geo\" (plugin): ")
                            .contains("left out"),
                    line -> assertThat(line).startsWith("router limited not served: middleware \"grpc\" (grpcWeb): "
                            + "comes after \"buffer\" (buffering), which reads the request body first"),
                    line -> assertThat(line).isEqualTo("router tls: tls.certResolver: certificate resolver le is not "
                            + "configured (expected one of []); served with the certificates of the default store"));
            assertThat(proxy.runtime().snapshot().routing().exclusions()).extracting(Exclusion::toLine)
                    .as("a router with tls is served on web's TLS connections only (MixedEntryPointIT)")
                    .isEmpty();
        }
    }

    @Test
    void aV1FrontendWithAFeatureKvrouteDoesNotApplyIsLeftOut() {
        try (Backend backend = Backend.start("origin"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new java.util.TreeMap<>(java.util.Map.of(
                    "/traefik/backends/app/servers/one/url", backend.url(),
                    "/traefik/frontends/open/backend", "app",
                    "/traefik/frontends/open/routes/r/rule", "Host:open.test",
                    "/traefik/frontends/admin/backend", "app",
                    "/traefik/frontends/admin/routes/r/rule", "Host:admin.test",
                    "/traefik/frontends/admin/redirect/regex", "^(.*)$",
                    "/traefik/frontends/admin/redirect/replacement", "{{.Host}}/x")));

            assertThat(proxy.get("open.test", "/").statusCode()).isEqualTo(200);
            assertThat(proxy.get("admin.test", "/secret").statusCode()).isEqualTo(404);
            assertThat(backend.received()).extracting(Backend.Received::uri).containsExactly("/");
            assertThat(proxy.runtime().snapshot().routing().exclusions()).extracting(Exclusion::toLine)
                    .singleElement().asString().startsWith("router admin: ")
                    .contains("redirect/replacement", "leaves the frontend out");
        }
    }
}
