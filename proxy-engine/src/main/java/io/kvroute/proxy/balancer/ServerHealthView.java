package io.kvroute.proxy.balancer;

/**
 * The live health of servers as balancers see it on every pick: the health checker's verdict plus the operator's
 * drain override. Implementations are read on request threads while a balancer holds its pick lock, so both
 * methods must be non-blocking and cheap (a concurrent map read), and must never return null.
 */
public interface ServerHealthView {
    /** The server's health; servers the checker does not know are {@link ServerHealth#UP}. */
    ServerHealth health(ServerKey server);

    /** True if an operator drained the server (dashboard/API), whatever its configured weight and health. */
    boolean isDrained(ServerKey server);

    /** True if the server may receive requests at {@code epochMillis}: not drained and healthy at that time. */
    default boolean isUsable(ServerKey server, long epochMillis) {
        return !isDrained(server) && health(server).isUsableAt(epochMillis);
    }

    /** A view in which every server is up and none is drained. */
    static ServerHealthView allUp() {
        return AllUp.INSTANCE;
    }

    /** The view of {@link #allUp()}. */
    enum AllUp implements ServerHealthView {
        INSTANCE;

        @Override
        public ServerHealth health(ServerKey server) {
            return ServerHealth.UP;
        }

        @Override
        public boolean isDrained(ServerKey server) {
            return false;
        }
    }
}
