package io.kvroute.kv.store.memory;

import io.kvroute.kv.store.KeyOrder;
import io.kvroute.kv.store.KvOperation;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The memory store's keys and values in byte-wise key order, each with the lease it is bound to. Keys under a
 * string prefix are contiguous in this order. Not thread-safe: {@link MemoryKvStore} guards it with its lock.
 */
final class KeySpace {
    private record Entry(String value, Optional<String> leaseId) {
    }

    private final NavigableMap<String, Entry> entries = new TreeMap<>(KeyOrder.BYTEWISE);

    List<KvPair> list(String prefix) {
        List<KvPair> pairs = new ArrayList<>();
        for (var entry : entries.tailMap(prefix, true).entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                break;
            }
            pairs.add(KvPair.of(entry.getKey(), entry.getValue().value()));
        }
        return pairs;
    }

    /** Applies {@code operation}, adding every key it changed to {@code changed}. */
    void apply(KvOperation operation, List<String> changed) {
        if (operation instanceof KvOperation.Put put) {
            if (put.ifAbsent() && entries.containsKey(put.key())) {
                return;
            }
            entries.put(put.key(), new Entry(put.value(), put.lease().map(Lease::id)));
            changed.add(put.key());
        } else if (operation instanceof KvOperation.Delete delete) {
            if (entries.remove(delete.key()) != null) {
                changed.add(delete.key());
            }
        } else if (operation instanceof KvOperation.DeletePrefix deletePrefix) {
            var matching = entries.tailMap(deletePrefix.prefix(), true).keySet().iterator();
            while (matching.hasNext()) {
                String key = matching.next();
                if (!key.startsWith(deletePrefix.prefix())) {
                    break;
                }
                matching.remove();
                changed.add(key);
            }
        }
    }

    /** The value of {@code key}, if present. */
    Optional<String> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(Entry::value);
    }

    /** Deletes every key bound to the lease {@code leaseId} and returns them. */
    List<String> deleteBoundTo(String leaseId) {
        List<String> deleted = new ArrayList<>();
        entries.entrySet().removeIf(entry -> {
            boolean bound = entry.getValue().leaseId().filter(leaseId::equals).isPresent();
            if (bound) {
                deleted.add(entry.getKey());
            }
            return bound;
        });
        return deleted;
    }
}
