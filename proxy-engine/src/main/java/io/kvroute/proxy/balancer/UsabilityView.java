package io.kvroute.proxy.balancer;

/**
 * Whether servers may be picked, as balancers ask on every pick: the health checker's verdict reduced to
 * {@link ServerUsability}, plus the operator's drain override. Implementations are read on request threads while a balancer holds its pick lock, so both
 * methods must be non-blocking and cheap (a concurrent map read), and must never return null.
 */
public interface UsabilityView {
    /** The server's usability by health; servers the checker does not know are {@link ServerUsability#UP}. */
    ServerUsability usability(ServerKey server);

    /**
     * True if an operator drained the server (dashboard/API), whatever its configured weight and health: like a
     * weight of 0, no new requests while an undrained server of its service can take them.
     */
    boolean isDrained(ServerKey server);

    /** A view in which every server is up and none is drained. */
    static UsabilityView allUp() {
        return AllUp.INSTANCE;
    }

    /** The view of {@link #allUp()}. */
    enum AllUp implements UsabilityView {
        INSTANCE;

        @Override
        public ServerUsability usability(ServerKey server) {
            return ServerUsability.UP;
        }

        @Override
        public boolean isDrained(ServerKey server) {
            return false;
        }
    }
}
