package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.store.KvPair;
import java.util.List;

/**
 * The keys of one server this agent owns, all under {@code keyPrefix} (ending in {@code /}, e.g.
 * {@code traefik/http/services/app/loadBalancer/servers/node1--web-1-8080/}), written together in one transaction.
 */
public record ServerRegistration(String keyPrefix, ServerId id, List<KvPair> pairs) {
    public ServerRegistration {
        requireNonNull(keyPrefix, "keyPrefix");
        requireNonNull(id, "id");
        pairs = List.copyOf(requireNonNull(pairs, "pairs"));
        if (!keyPrefix.endsWith("/" + id.value() + "/")) {
            throw new IllegalArgumentException("keyPrefix: " + keyPrefix + " (expected: ends with /" + id.value() + "/)");
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("pairs: none for " + keyPrefix + " (expected: at least the url)");
        }
        for (KvPair pair : pairs) {
            if (!pair.key().startsWith(keyPrefix)) {
                throw new IllegalArgumentException("key " + pair.key() + ": outside " + keyPrefix);
            }
        }
    }
}
