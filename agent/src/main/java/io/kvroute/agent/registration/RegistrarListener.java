package io.kvroute.agent.registration;

import io.kvroute.kv.store.KvStoreException;
import java.time.Duration;

/**
 * What a {@link Registrar} reports for metrics: counters and store-call timings. Calls come from the registrar's
 * threads and must not block; every method defaults to doing nothing.
 */
public interface RegistrarListener {
    /** Does nothing. */
    RegistrarListener NONE = new RegistrarListener() { };

    /** A reconcile pass ended ({@code succeeded} false when the store failed it). */
    default void reconciled(boolean succeeded) {
    }

    /** A key was put or deleted because the store differed from the desired state. */
    default void corrected(String key, Correction correction) {
    }

    /** A lease was granted. */
    default void leaseGranted(String leaseId) {
    }

    /** The lease was found gone (expired while the store was unreachable, or NOT_FOUND on a put). */
    default void leaseLost(String leaseId) {
    }

    /** A new conflict on a shared key was found (reported once per key, ours and theirs). */
    default void conflictFound(SharedKeyConflict conflict) {
    }

    /** A store call failed. */
    default void storeError(KvStoreException.Kind kind) {
    }

    /** A store call ({@code list}, {@code commit}, {@code grant}, {@code revoke}) took {@code latency}. */
    default void storeCall(String operation, Duration latency) {
    }

    /** Why a key was written or deleted. */
    enum Correction {
        /** A desired key was missing and was put. */
        PUT_MISSING,
        /** A key held a value other than the desired one and was overwritten. */
        PUT_CHANGED,
        /** A key that is not desired (any more) was deleted. */
        DELETE_EXTRA
    }
}
