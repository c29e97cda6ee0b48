package io.kvroute.proxy.health;

/**
 * Told about every {@link HealthChange}, after the {@link HealthView} that contains it has been published; called
 * on the checker's own thread, so it must return quickly (e.g. schedule a balancer rebuild).
 */
@FunctionalInterface
public interface HealthListener {
    HealthListener NONE = (change, view) -> { };

    void healthChanged(HealthChange change, HealthView view);
}
