package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/** Puts a {@link RetryPolicy} on the exchange for the proxy client further down the chain. */
final class RetryPolicyHandler implements HttpHandler {
    private final RetryPolicy policy;
    private final HttpHandler next;

    RetryPolicyHandler(RetryPolicy policy, HttpHandler next) {
        this.policy = requireNonNull(policy, "policy");
        this.next = requireNonNull(next, "next");
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.putAttachment(RetryPolicy.ATTACHMENT, policy);
        next.handleRequest(exchange);
    }
}
