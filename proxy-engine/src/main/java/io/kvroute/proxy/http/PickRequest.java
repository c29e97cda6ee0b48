package io.kvroute.proxy.http;

import static java.util.Objects.requireNonNull;

import io.kvroute.proxy.balancer.BalancedRequest;
import io.kvroute.proxy.balancer.FailoverBalancer;
import io.kvroute.proxy.routing.ExchangeRequestView;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A request as the balancer's pick reads it: its cookies and client address from the exchange, and the failovers
 * whose main service already answered it with one of their {@code errors} statuses from what the proxy client has
 * tried ({@link RoutedRequest}).
 */
final class PickRequest implements BalancedRequest {
    private final ExchangeRequestView view;
    private final RoutedRequest routed;

    PickRequest(ExchangeRequestView view, RoutedRequest routed) {
        this.view = requireNonNull(view, "view");
        this.routed = requireNonNull(routed, "routed");
    }

    @Override
    public Optional<String> cookie(String name) {
        return view.cookie(name);
    }

    @Override
    public Optional<InetAddress> clientAddress() {
        return view.clientAddress();
    }

    @Override
    public boolean fellBack(FailoverBalancer failover) {
        return routed.fellBack(failover);
    }
}
