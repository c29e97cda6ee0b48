package io.kvroute.proxy.balancer;

/**
 * A request counted in flight on the server a {@link BalancingStrategy#P2C} or {@link BalancingStrategy#LEASTTIME}
 * balancer picked, from the pick until {@link #end()}: the proxy ends it when the request's exchange ends or the
 * request goes to another server, tells {@link #sent()} when the call to the server begins (its connect) and
 * {@link #answered()} when the server's response headers came (leasttime times that span). Ending twice counts once;
 * so does answering.
 */
@FunctionalInterface
public interface InFlightRequest {
    /** Nothing is counted: the pick of a balancer that does not weigh servers by requests in flight. */
    InFlightRequest NONE = () -> { };

    /** Stops counting the request on its server. */
    void end();

    /** The call to the server begins: its connect (the balancer may time the answer from here; nothing by default). */
    default void sent() {
    }

    /** The server sent the response headers (the balancer may time it; nothing by default). */
    default void answered() {
    }
}
