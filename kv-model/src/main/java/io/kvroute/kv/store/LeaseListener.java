package io.kvroute.kv.store;

/** Told once when a lease is found gone; its keys are gone (or about to be) too. */
@FunctionalInterface
public interface LeaseListener {
    void leaseLost(Lease lease, String reason);

    LeaseListener IGNORE = (lease, reason) -> { };
}
