package io.kvroute.proxy.acme;

/** Where a resolver's certificate stands, for the TLS side and the dashboard. */
public enum RenewalState {
    /** Asked for by a router; not ordered yet. */
    PENDING,
    /** This proxy holds the order lock and is ordering (first issue or renewal). */
    ORDERING,
    /** Another proxy of the store holds the order lock; its result arrives through the store. */
    ORDERING_ELSEWHERE,
    /** Issued and not yet due for renewal. */
    VALID,
    /** Past two thirds of its lifetime: a renewal is due (the current certificate is still served until it expires). */
    RENEWAL_DUE,
    /** The last order failed (the reason is the last error); the next attempt is after a back-off. */
    BACKING_OFF,
    /** Nothing is ordered (the reason is the last error): no storage key file, or stored state that will not open. */
    REFUSED,
    /** In the store but no router asks for it any more: served until it expires, never renewed. */
    UNUSED
}
