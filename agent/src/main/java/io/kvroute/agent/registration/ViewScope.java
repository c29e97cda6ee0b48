package io.kvroute.agent.registration;

import io.kvroute.kv.layout.keys.KeyPaths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which prefixes a registrar's {@link StoreView} holds: the router, service or middleware of every key it desires or
 * still answers for (servers written on its lease, shared keys it wrote), each entity's prefix
 * ({@link KeyPaths#entityPrefixOf}, or the key itself where it lies in no router or service), plus the service each
 * of those shared keys serves ({@link SharedKeys#serviceOf}), whose other servers decide the take-over and
 * retraction rules of {@link ReconcilePlan}. Nothing else in the store is read: agents of other services cost this
 * one nothing. Confined to the reconcile thread.
 */
final class ViewScope {
    /** Service name -> its prefix, learned from this registrar's server prefixes and kept while a key needs it. */
    private final Map<String, String> servicePrefixes = new HashMap<>();

    /** The prefixes for {@code desired} and what {@code ledger} still answers for; {@code view}: what is held now. */
    Set<String> prefixes(DesiredState desired, RegistrationLedger ledger, Map<String, String> view) {
        Set<String> serverPrefixes = new HashSet<>(ledger.serverPrefixes());
        desired.servers().forEach(server -> serverPrefixes.add(server.keyPrefix()));
        Set<String> sharedKeys = new HashSet<>(ledger.sharedWrittenKeys());
        desired.shared().forEach(pair -> sharedKeys.add(pair.key()));

        Set<String> prefixes = new HashSet<>();
        Map<String, String> learned = new HashMap<>(servicePrefixes);
        for (String serverPrefix : serverPrefixes) {
            String prefix = prefixOf(serverPrefix);
            prefixes.add(prefix);
            learned.put(ServerKeys.serviceOf(serverPrefix), prefix);
        }
        Map<String, String> lookup = new HashMap<>(view);
        desired.shared().forEach(pair -> lookup.put(pair.key(), pair.value()));
        Set<String> served = new HashSet<>();
        for (String key : sharedKeys) {
            prefixes.add(prefixOf(key));
            SharedKeys.serviceOf(key, lookup).ifPresent(served::add);
        }
        serverPrefixes.stream().map(ServerKeys::serviceOf).forEach(served::add);
        servicePrefixes.clear();
        for (String service : served) {
            String prefix = learned.get(service);
            if (prefix != null) {
                servicePrefixes.put(service, prefix);
                prefixes.add(prefix);
            }
        }
        return Set.copyOf(prefixes);
    }

    private static String prefixOf(String key) {
        return KeyPaths.entityPrefixOf(key).orElse(key);
    }
}
