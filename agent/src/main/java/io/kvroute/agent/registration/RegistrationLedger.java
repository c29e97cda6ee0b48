package io.kvroute.agent.registration;

import io.kvroute.kv.store.KvPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What this registrar has written, which the store cannot tell it (a list shows values, not who wrote them or on
 * which lease): the servers written on the current lease, and the value last written (or put if absent) for each
 * shared key on any lease. Confined to the reconcile thread.
 */
final class RegistrationLedger {
    /** Server key prefix -> the pairs written on the current lease. */
    private final Map<String, List<KvPair>> serversOnLease = new HashMap<>();
    /** Shared key -> the value this process wrote last (on any lease); the basis of the own-change rule. */
    private final Map<String, String> sharedWritten = new HashMap<>();
    /** Server prefixes of other nodes that served (weight not 0) at the last completed pass. */
    private Set<String> othersServing = Set.of();

    /**
     * A new lease: no server is bound to it yet, so every server is written again (shared keys are put again when the
     * old lease's end deletes them).
     */
    void newLease() {
        serversOnLease.clear();
    }

    boolean serverWrittenOnLease(ServerRegistration server) {
        return server.pairs().equals(serversOnLease.get(server.keyPrefix()));
    }

    void serverWritten(ServerRegistration server) {
        serversOnLease.put(server.keyPrefix(), server.pairs());
    }

    /** Forgets servers that are no longer desired (their keys are removed as stale keys of this node). */
    void retainServers(Set<String> desiredPrefixes) {
        serversOnLease.keySet().retainAll(desiredPrefixes);
    }

    Optional<String> sharedWritten(String key) {
        return Optional.ofNullable(sharedWritten.get(key));
    }

    Set<String> sharedWrittenKeys() {
        return Set.copyOf(sharedWritten.keySet());
    }

    void sharedPut(KvPair pair) {
        sharedWritten.put(pair.key(), pair.value());
    }

    void sharedForgotten(String key) {
        sharedWritten.remove(key);
    }

    Set<String> othersServing() {
        return othersServing;
    }

    void othersServing(Set<String> prefixes) {
        othersServing = Set.copyOf(prefixes);
    }

    Set<String> serverPrefixes() {
        return Set.copyOf(serversOnLease.keySet());
    }

    int serverKeyCount() {
        return serversOnLease.values().stream().mapToInt(List::size).sum();
    }
}
