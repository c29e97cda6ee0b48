package io.kvroute.proxy.http;

import io.kvroute.proxy.balancer.FailoverBalancer;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;

/**
 * Which failover sends a request to its fallback when the attempt of its main service ends with a status: the answer
 * of a server ({@link UpstreamExchange}), or Traefik's own answer for an attempt that got none, as the failover's
 * response writer wraps the whole main service in Traefik (502 or 504 for a failed connect, {@link ConnectAttempt}; 504
 * for response headers that did not come in time, {@link HeaderWait}).
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
        return routed.pick().statusFailovers().stream()
                .filter(failover -> failover.errors().map(errors -> errors.fallsBack(status)).orElse(false))
                .findFirst();
    }
}
