package io.kvroute.proxy.http;

import io.kvroute.proxy.balancer.BalancedRequest;
import io.kvroute.proxy.balancer.FailoverBalancer;
import io.kvroute.proxy.balancer.Pick;
import io.kvroute.proxy.balancer.ServerKey;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which failover sends a request to its fallback when the attempt of its main service ends with a status: the answer
 * of a server ({@link UpstreamExchange}), or Traefik's own answer for an attempt that got none, as the failover's
 * response writer wraps the whole main service in Traefik (502 or 504 for a failed connect, {@link ConnectAttempt}; 504
 * for response headers that did not come in time, {@link HeaderWait}). The calls the proxy makes itself (an
 * {@code errors} middleware's page, {@link ServiceCalls}; a mirror's copy, {@link MirrorCalls}) fall back the same
 * way ({@link #matching}, {@link #pick}): Traefik sends them through the service's whole handler, a failover's
 * {@code errors} included.
 */
final class FailoverFallback {
    private FailoverFallback() {
    }

    /**
     * The innermost failover with {@code errors} around the server of {@code exchange}'s current attempt whose statuses
     * hold {@code status}, if the request's body was held to be sent again ({@link ReplayBody}) and nothing of the
     * response was sent yet.
     */
    static Optional<FailoverBalancer> of(HttpServerExchange exchange, int status) {
        RoutedRequest routed = RoutedRequest.of(exchange);
        if (routed == null || routed.pick() == null || ReplayBody.of(exchange) == null
                || exchange.isResponseStarted()) {
            return Optional.empty();
        }
        return matching(routed.pick(), status);
    }

    /**
     * The innermost failover with {@code errors} around {@code answered}'s server whose statuses hold {@code status}.
     */
    static Optional<FailoverBalancer> matching(Pick answered, int status) {
        return answered.statusFailovers().stream()
                .filter(failover -> failover.errors().map(errors -> errors.fallsBack(status)).orElse(false))
                .findFirst();
    }

    /**
     * The pick from {@code failover}'s fallback after {@code answered}, from its main service, had one of its statuses:
     * a server outside {@code tried}, else any; empty when the fallback is down (Traefik's 503).
     */
    static Optional<Pick> pick(Pick answered, FailoverBalancer failover, Set<ServerKey> tried,
            BalancedRequest request) {
        List<FailoverBalancer> named = answered.statusFailovers();
        return failover.pickFallback(tried, Set.of(), request,
                named.subList(named.indexOf(failover) + 1, named.size()));
    }
}
