package io.kvroute.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.Router;
import io.kvroute.proxy.balancer.BalancedServer;
import io.kvroute.proxy.balancer.BalancerRegistry;
import io.kvroute.proxy.balancer.FailoverBalancer;
import io.kvroute.proxy.balancer.FailoverErrors;
import io.kvroute.proxy.balancer.InFlightRequest;
import io.kvroute.proxy.balancer.Pick;
import io.kvroute.proxy.balancer.ServerBalancer;
import io.kvroute.proxy.balancer.ServerKey;
import io.kvroute.proxy.balancer.UsabilityView;
import io.kvroute.proxy.middleware.HttpCodeRanges;
import io.kvroute.proxy.routing.PathRewrites;
import io.kvroute.proxy.routing.RouteMatch;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What one request tried: attempts counted as Traefik's retry middleware counts them. */
class RoutedRequestTest {
    private static final BalancedServer MAIN = server("main");
    private static final BalancedServer FALLBACK = server("fallback");

    @Test
    void aFallbackAfterTheMainServicesAnswerIsPartOfTheAttemptAndNoRetryAttempt() {
        BalancerRegistry.Builder balancers = BalancerRegistry.builder(BalancerRegistry.empty(),
                UsabilityView.allUp(), Clock.systemUTC());
        FailoverBalancer failover = balancers.failover("site",
                balancers.loadBalancer(new ServerBalancer.Spec("main", List.of(MAIN), true, Optional.empty())),
                balancers.loadBalancer(new ServerBalancer.Spec("fallback", List.of(FALLBACK), true, Optional.empty())),
                Optional.of(new FailoverErrors(HttpCodeRanges.parse(List.of("500")).orElseThrow(), -1)));
        RoutedRequest routed = new RoutedRequest(new RouteMatch(Router.of("site", "Host(`site.test`)", "site"),
                failover, List.of(), PathRewrites.NONE), "web");

        routed.beginAttempt();
        routed.attempt(new Pick(MAIN, true, Optional.empty(), List.of(), List.of(), InFlightRequest.NONE,
                List.of(failover)));
        assertThat(routed.firstSend()).isTrue();
        routed.fallBack(failover);
        assertThat(routed.takeFallback()).isTrue();
        routed.attempt(new Pick(FALLBACK, true, Optional.empty(), List.of()));

        assertThat(routed.atFallback()).isTrue();
        assertThat(routed.firstSend()).as("the fallback within the first attempt").isFalse();
        assertThat(routed.fallbackOf()).isSameAs(failover);
        assertThat(routed.aroundFallback()).isEmpty();
        assertThat(routed.attempts()).isEqualTo(1);
        assertThat(routed.retryAttempts()).as("Traefik's RetryAttempts: no retry").isZero();

        routed.beginAttempt();
        routed.attempt(new Pick(server("main", "two"), true, Optional.empty(), List.of()));
        assertThat(routed.atFallback()).isFalse();
        assertThat(routed.fallbackOf()).as("a retry asks the main service first again").isNull();
        assertThat(routed.triedInAttempt()).containsExactly(new ServerKey("main", "two"));
        assertThat(routed.attempts()).isEqualTo(2);
        assertThat(routed.retryAttempts()).isEqualTo(1);
    }

    /**
     * A buffering retry may send the request to the server just tried: that is a retry, whose held body is not held
     * again (it waits no backoff: oxy's buffer has none, and no retry middleware shares its chain).
     */
    @Test
    void aRetryToTheServerAlreadyTriedIsNoFirstSend() {
        RoutedRequest routed = new RoutedRequest(new RouteMatch(Router.of("site", "Host(`site.test`)", "site"),
                BalancerRegistry.builder(BalancerRegistry.empty(), UsabilityView.allUp(), Clock.systemUTC())
                        .loadBalancer(new ServerBalancer.Spec("main", List.of(MAIN), true, Optional.empty())),
                List.of(), PathRewrites.NONE), "web");

        routed.beginAttempt();
        routed.attempt(new Pick(MAIN, true, Optional.empty(), List.of()));
        assertThat(routed.firstSend()).isTrue();
        routed.beginAttempt();
        routed.attempt(new Pick(MAIN, true, Optional.empty(), List.of()));

        assertThat(routed.tried()).hasSize(1);
        assertThat(routed.firstSend()).isFalse();
    }

    private static BalancedServer server(String service) {
        return server(service, "one");
    }

    private static BalancedServer server(String service, String id) {
        URI uri = URI.create("http://127.0.0.1:1/" + service + "/" + id);
        return new BalancedServer(new ServerKey(service, id), uri.toString(), uri, 1, false);
    }
}
