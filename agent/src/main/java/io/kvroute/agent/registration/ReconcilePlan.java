package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.agent.registration.RegistrarListener.Correction;
import io.kvroute.agent.registration.ServerKeys.ServerPrefix;
import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The difference between the desired state and the store as the registrar sees it (its {@link StoreView}, or the
 * first pass's read of the whole roots): what a reconcile pass writes. Computed by {@link #compute}, a pure function of the desired state, the store's pairs and the
 * {@link RegistrationLedger}. {@code stored} must be ordered byte-wise ({@link io.kvroute.kv.store.KeyOrder#BYTEWISE})
 * so that the keys under a prefix are contiguous.
 *
 * <p><b>Owned keys</b> (one group per {@link ServerRegistration}): a server is written, in one transaction, when the
 * store's keys under its prefix differ from the desired pairs (missing, different value, extra key) or when it was
 * not yet written on the current lease (keys left by an earlier lease would vanish with it). The transaction deletes
 * only the extra keys and puts every desired pair, because a store refuses a transaction that deletes and puts the
 * same key. Keys under the watched prefixes whose {@code servers/<id>} segment is a {@link ServerId} of this node,
 * but which lie under no desired server prefix, are stale and deleted (this also cleans up after an earlier run of
 * the same node).
 *
 * <p><b>Shared keys</b>, with D the desired value, S the store's value and W the value this process last wrote:
 * <ul>
 *   <li>S missing: put D if still absent (assert, or re-assert after another agent's lease expiry deleted it; of the
 *       agents that find it missing at once, one writes it, so start-up writes each shared key once);</li>
 *   <li>S = D: nothing (whichever agent of the service put it holds it on its lease), except whenever a server of
 *       another node stops serving the key's service (its weight turns 0 or its keys go, as when that node's agent drains before
 *       it stops; for keys of no one service, such as middlewares, any server): put D again, so that the key is on
 *       this agent's lease before the other agent revokes its own. The key never leaves the store, and Traefik
 *       reading it sees no gap;</li>
 *   <li>S &ne; D and S = W: the store holds what this agent wrote and its own desire changed: overwrite with D;</li>
 *   <li>S &ne; D otherwise: a {@link SharedKeyConflict}; never overwritten, so two agents that disagree do not
 *       flip-flop (the agent that wrote first keeps its value until it stops desiring it or its lease ends).</li>
 * </ul>
 * A shared key this process wrote but no longer desires is forgotten when the store holds another value than W. While
 * the store holds W, it is left alone as long as a server of another node serves the key's service
 * ({@link SharedKeys#serviceOf}): that node's agent desires it too and takes it over on its own lease when this node's
 * server stops serving (the rule above), so it never vanishes in between. Once no other node serves that service, it
 * is deleted (an agent that still desires it re-asserts it within a second).
 */
record ReconcilePlan(List<ServerWrite> serverWrites, List<SharedWrite> sharedWrites, List<StaleServer> staleServers,
        List<KvPair> sharedRetractions, List<String> sharedForgotten, List<SharedKeyConflict> conflicts,
        Set<String> othersServing) {

    ReconcilePlan {
        serverWrites = List.copyOf(serverWrites);
        sharedWrites = List.copyOf(sharedWrites);
        staleServers = List.copyOf(staleServers);
        sharedRetractions = List.copyOf(sharedRetractions);
        sharedForgotten = List.copyOf(sharedForgotten);
        conflicts = List.copyOf(conflicts);
        othersServing = Set.copyOf(othersServing);
    }

    /** Why a server is written. */
    enum ServerChange { NEW, RESTORED, CHANGED, REBOUND }

    /** Why a shared key is put. */
    enum SharedChange { ASSERTED, REASSERTED, TAKEN_OVER, OWN_CHANGE }

    /** A key written or deleted because the store differed. */
    record KeyCorrection(String key, Correction correction) {
    }

    /** One server's transaction: delete {@code extraKeys}, put every desired pair. */
    record ServerWrite(ServerRegistration server, List<String> extraKeys, ServerChange change,
            List<KeyCorrection> corrections) {
        ServerWrite {
            requireNonNull(server, "server");
            extraKeys = List.copyOf(extraKeys);
            requireNonNull(change, "change");
            corrections = List.copyOf(corrections);
        }
    }

    /** A shared key to put. */
    record SharedWrite(KvPair pair, SharedChange change) {
        Optional<Correction> correction() {
            return switch (change) {
                case ASSERTED, REASSERTED -> Optional.of(Correction.PUT_MISSING);
                case OWN_CHANGE -> Optional.of(Correction.PUT_CHANGED);
                case TAKEN_OVER -> Optional.empty();
            };
        }

        /**
         * A missing key is put only if still absent when the store applies it: agents that find it missing together
         * write it once between them, and one that saw it missing late never overwrites another's value.
         */
        boolean ifAbsent() {
            return change == SharedChange.ASSERTED || change == SharedChange.REASSERTED;
        }
    }

    /** Keys of a server of this node that is no longer desired. */
    record StaleServer(ServerPrefix server, List<String> keys) {
        StaleServer {
            requireNonNull(server, "server");
            keys = List.copyOf(keys);
        }
    }

    boolean isEmpty() {
        return serverWrites.isEmpty() && sharedWrites.isEmpty() && staleServers.isEmpty()
                && sharedRetractions.isEmpty() && sharedForgotten.isEmpty();
    }

    /** The plan for {@code node} wanting {@code desired} while the watched prefixes hold {@code stored}. */
    static ReconcilePlan compute(String node, DesiredState desired, NavigableMap<String, String> stored,
            RegistrationLedger ledger) {
        List<ServerWrite> serverWrites = new ArrayList<>();
        Set<String> desiredPrefixes = new HashSet<>();
        for (ServerRegistration server : desired.servers()) {
            desiredPrefixes.add(server.keyPrefix());
            serverWrite(server, stored, ledger).ifPresent(serverWrites::add);
        }

        Map<ServerPrefix, List<String>> stale = new LinkedHashMap<>();
        for (String key : stored.keySet()) {
            Optional<ServerPrefix> server = ServerKeys.serverPrefixOf(key);
            if (server.isPresent() && server.get().id().isOwnedBy(node)
                    && desiredPrefixes.stream().noneMatch(key::startsWith)) {
                stale.computeIfAbsent(server.get(), ignored -> new ArrayList<>()).add(key);
            }
        }
        List<StaleServer> staleServers = stale.entrySet().stream()
                .map(entry -> new StaleServer(entry.getKey(), entry.getValue()))
                .toList();

        Set<String> othersServing = othersServing(node, stored);
        Set<String> stoppedServices = ledger.othersServing().stream()
                .filter(server -> !othersServing.contains(server))
                .map(ServerKeys::serviceOf)
                .collect(Collectors.toSet());
        List<SharedWrite> sharedWrites = new ArrayList<>();
        List<SharedKeyConflict> conflicts = new ArrayList<>();
        Set<String> desiredShared = new HashSet<>();
        for (KvPair pair : desired.shared()) {
            desiredShared.add(pair.key());
            String inStore = stored.get(pair.key());
            Optional<String> written = ledger.sharedWritten(pair.key());
            if (inStore == null) {
                SharedChange change = written.isPresent() ? SharedChange.REASSERTED : SharedChange.ASSERTED;
                sharedWrites.add(new SharedWrite(pair, change));
            } else if (inStore.equals(pair.value())) {
                if (takeOver(pair.key(), stored, stoppedServices)) {
                    sharedWrites.add(new SharedWrite(pair, SharedChange.TAKEN_OVER));
                }
            } else if (written.filter(inStore::equals).isPresent()) {
                sharedWrites.add(new SharedWrite(pair, SharedChange.OWN_CHANGE));
            } else {
                conflicts.add(new SharedKeyConflict(pair.key(), pair.value(), inStore));
            }
        }

        Set<String> servedByOthers = othersServing.stream().map(ServerKeys::serviceOf).collect(Collectors.toSet());
        List<KvPair> retractions = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        for (String key : ledger.sharedWrittenKeys()) {
            if (desiredShared.contains(key)) {
                continue;
            }
            String written = ledger.sharedWritten(key).orElseThrow();
            if (!written.equals(stored.get(key))) {
                forgotten.add(key);
            } else if (!SharedKeys.serviceOf(key, stored).filter(servedByOthers::contains).isPresent()) {
                retractions.add(KvPair.of(key, written));
            }
        }
        retractions.sort(null);
        forgotten.sort(null);
        return new ReconcilePlan(serverWrites, sharedWrites, staleServers, retractions, forgotten, conflicts,
                othersServing);
    }

    /**
     * Whether a shared key in sync is put again on this agent's lease because another node's server stopped serving:
     * when the key serves one of the services concerned, or when it serves no one service (a middleware) and any did.
     */
    private static boolean takeOver(String key, NavigableMap<String, String> stored, Set<String> stoppedServices) {
        return !stoppedServices.isEmpty()
                && SharedKeys.serviceOf(key, stored).map(stoppedServices::contains).orElse(true);
    }

    /** The server prefixes of other nodes whose weight is not 0 (a missing weight key counts as serving). */
    private static Set<String> othersServing(String node, NavigableMap<String, String> stored) {
        Set<String> serving = new HashSet<>();
        for (String key : stored.keySet()) {
            ServerKeys.serverPrefixOf(key)
                    .filter(server -> !server.id().isOwnedBy(node))
                    .filter(server -> !"0".equals(stored.get(server.prefix() + "weight")))
                    .ifPresent(server -> serving.add(server.prefix()));
        }
        return serving;
    }

    private static Optional<ServerWrite> serverWrite(ServerRegistration server, NavigableMap<String, String> stored,
            RegistrationLedger ledger) {
        Map<String, String> wanted = new HashMap<>();
        server.pairs().forEach(pair -> wanted.put(pair.key(), pair.value()));
        List<KeyCorrection> corrections = new ArrayList<>();
        List<String> extraKeys = new ArrayList<>();
        boolean anyStored = false;
        for (String key : stored.tailMap(server.keyPrefix(), true).keySet()) {
            if (!key.startsWith(server.keyPrefix())) {
                break;
            }
            anyStored = true;
            if (!wanted.containsKey(key)) {
                extraKeys.add(key);
                corrections.add(new KeyCorrection(key, Correction.DELETE_EXTRA));
            }
        }
        for (KvPair pair : server.pairs()) {
            String inStore = stored.get(pair.key());
            if (inStore == null) {
                corrections.add(new KeyCorrection(pair.key(), Correction.PUT_MISSING));
            } else if (!inStore.equals(pair.value())) {
                corrections.add(new KeyCorrection(pair.key(), Correction.PUT_CHANGED));
            }
        }
        boolean onLease = ledger.serverWrittenOnLease(server);
        if (corrections.isEmpty() && onLease) {
            return Optional.empty();
        }
        ServerChange change;
        if (corrections.isEmpty()) {
            change = ServerChange.REBOUND;
        } else if (!anyStored) {
            change = onLease ? ServerChange.RESTORED : ServerChange.NEW;
        } else {
            change = ServerChange.CHANGED;
        }
        return Optional.of(new ServerWrite(server, extraKeys, change, corrections));
    }
}
