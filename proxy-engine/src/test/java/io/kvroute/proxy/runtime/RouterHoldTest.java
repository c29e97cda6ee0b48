package io.kvroute.proxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.HttpConfig;
import io.kvroute.kv.model.LoadBalancerService;
import io.kvroute.kv.model.Router;
import io.kvroute.kv.model.Server;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterHoldTest {
    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final LoadBalancerService APP = LoadBalancerService.of("app",
            List.of(Server.of("node1--web", "http://127.0.0.1:8081")));
    private static final Router WEB = Router.of("web", "Host(`a.test`)", "app");
    private static final HttpConfig WITH_ROUTER = HttpConfig.of(List.of(WEB), List.of(APP), List.of());
    private static final HttpConfig SERVICE_ONLY = HttpConfig.of(List.of(), List.of(APP), List.of());

    private final RouterHold hold = new RouterHold(Duration.ofSeconds(2));

    @Test
    void aRouterWhoseKeysVanishWhileItsServiceRemainsKeepsRoutingUntilTheHoldEnds() {
        HttpConfig during = hold.apply(WITH_ROUTER, SERVICE_ONLY, T0);
        HttpConfig later = hold.apply(during, SERVICE_ONLY, T0.plusMillis(1500));
        HttpConfig after = hold.apply(later, SERVICE_ONLY, T0.plusSeconds(2));

        assertThat(during.routers()).containsOnlyKeys("web");
        assertThat(hold.nextExpiry()).isEmpty();
        assertThat(later.routers()).containsOnlyKeys("web");
        assertThat(after.routers()).isEmpty();
    }

    @Test
    void theHoldEndsAsSoonAsTheRouterIsReasserted() {
        hold.apply(WITH_ROUTER, SERVICE_ONLY, T0);
        assertThat(hold.nextExpiry()).contains(T0.plusSeconds(2));

        HttpConfig reasserted = hold.apply(SERVICE_ONLY.withRouter(WEB), WITH_ROUTER, T0.plusMillis(40));

        assertThat(reasserted.routers()).containsOnlyKeys("web");
        assertThat(hold.heldRouters()).isEmpty();
        assertThat(hold.nextExpiry()).isEmpty();
    }

    @Test
    void aRouterRemovedTogetherWithItsServiceGoesAtOnce() {
        HttpConfig next = hold.apply(WITH_ROUTER, HttpConfig.empty(), T0);

        assertThat(next.routers()).isEmpty();
        assertThat(hold.heldRouters()).isEmpty();
    }
}
