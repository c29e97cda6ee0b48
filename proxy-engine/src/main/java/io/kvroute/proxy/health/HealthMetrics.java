package io.kvroute.proxy.health;

import io.kvroute.proxy.balancer.ServerKey;

/**
 * Counting hooks of the {@link HealthChecker}, called on its own thread: every probe, every state change, every
 * ejection, and the removal of a server (so per-server meters can be dropped).
 */
public interface HealthMetrics {
    HealthMetrics NONE = new HealthMetrics() {
        @Override
        public void probed(ServerKey key, ProbeResult result) {
        }

        @Override
        public void stateChanged(HealthChange change) {
        }

        @Override
        public void ejected(ServerKey key, Ejection ejection) {
        }

        @Override
        public void removed(ServerKey key) {
        }
    };

    void probed(ServerKey key, ProbeResult result);

    void stateChanged(HealthChange change);

    void ejected(ServerKey key, Ejection ejection);

    void removed(ServerKey key);
}
