package io.kvroute.proxy.balancer;

/**
 * A request counted in flight on the server a {@link BalancingStrategy#P2C} or {@link BalancingStrategy#LEASTTIME}
 * balancer picked, from the pick until {@link #end()}: the proxy ends it when the request's exchange ends or the
 * request goes to another server, and tells {@link #answered()} when the server's response headers came (leasttime
 * times it). Ending twice counts once; so does answering.
 */
@FunctionalInterface
public interface InFlightRequest {
    /** Nothing is counted: the pick of a balancer that does not weigh servers by requests in flight. */
    InFlightRequest NONE = () -> { };

    /** Stops counting the request on its server. */
    void end();

    /** The server sent the response headers (the balancer may time it; nothing by default). */
    default void answered() {
    }
}
