package io.kvroute.agent.registration;

/** How {@link Registrar#drainAndStop} ended: what the agent may truthfully say about its keys once stopped. */
public enum Deregistration {
    /** The store took the drained state, then the deletion of this node's keys and the lease's revocation. */
    DELETED,
    /** A lease was granted but the store did not take the stop: the keys expire with the lease after its TTL. */
    LEFT_TO_EXPIRE,
    /** The store never granted a lease: no key of this node was written. */
    NOTHING_REGISTERED
}
