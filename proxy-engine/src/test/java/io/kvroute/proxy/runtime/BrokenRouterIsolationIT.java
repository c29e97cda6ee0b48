package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.Problem;
import io.kvroute.kv.testing.EtcdExtension;
import io.kvroute.proxy.routing.Exclusion;
import io.kvroute.proxy.testing.Backend;
import io.kvroute.proxy.testing.RunningProxy;
import io.kvroute.proxy.testing.TraefikKeys;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A router with a bad priority or a bad rule is left out and reported; the good router next to it serves. The bad
 * priority is a decode problem (the router never reaches the routing snapshot); the bad rule decodes and is excluded
 * when the snapshot compiles its rule.
 */
class BrokenRouterIsolationIT {
    @RegisterExtension
    static final EtcdExtension ETCD = new EtcdExtension();

    @Test
    void badRoutersAreReportedAndTheGoodOneServes() {
        try (Backend backend = Backend.start("good"); RunningProxy proxy = RunningProxy.start(ETCD)) {
            proxy.apply(new TraefikKeys()
                    .router("good", "Host(`good.test`)", "app")
                    .router("badpriority", "Host(`priority.test`)", "app").routerKey("badpriority", "priority", "high")
                    .router("badrule", "Host(`rule.test`", "app")
                    .server("app", "one", backend.url())
                    .build());

            HttpResponse<String> good = proxy.get("good.test", "/");

            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(good.body()).isEqualTo("good");
            assertThat(proxy.get("priority.test", "/").statusCode()).isEqualTo(404);
            assertThat(proxy.get("rule.test", "/").statusCode()).isEqualTo(404);
            assertThat(proxy.runtime().config().orElseThrow().problems()).extracting(Problem::key)
                    .contains("traefik/http/routers/badpriority/priority", "traefik/http/routers/badrule/rule");
            assertThat(proxy.runtime().snapshot().routing().exclusions()).extracting(Exclusion::toLine)
                    .singleElement().asString().startsWith("router badrule: ");
        }
    }
}
