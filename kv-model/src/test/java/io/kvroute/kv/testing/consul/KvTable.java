package io.kvroute.kv.testing.consul;

import io.kvroute.kv.store.KeyOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The emulated KV table with Consul's tombstones (deleted keys remember the index they were deleted at, so that a
 * prefix's index grows on deletions too). Not thread-safe: {@link ConsulState} guards it; a transaction works on a
 * {@link #copy()} and replaces the table only when every operation succeeded.
 */
final class KvTable {
    private final TreeMap<String, KvEntry> entries;
    private final TreeMap<String, Long> tombstones;

    KvTable() {
        this(new TreeMap<>(KeyOrder.BYTEWISE), new TreeMap<>(KeyOrder.BYTEWISE));
    }

    private KvTable(TreeMap<String, KvEntry> entries, TreeMap<String, Long> tombstones) {
        this.entries = entries;
        this.tombstones = tombstones;
    }

    KvTable copy() {
        return new KvTable(new TreeMap<>(entries), new TreeMap<>(tombstones));
    }

    Optional<KvEntry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    List<KvEntry> list(String prefix) {
        return entries.values().stream().filter(e -> e.key().startsWith(prefix)).toList();
    }

    /** Consul's {@code ?keys&separator=}: keys under the prefix, cut after the first separator past it. */
    List<String> keys(String prefix, String separator) {
        Set<String> keys = new LinkedHashSet<>();
        for (KvEntry entry : list(prefix)) {
            String key = entry.key();
            int cut = separator.isEmpty() ? -1 : key.indexOf(separator, prefix.length());
            keys.add(cut < 0 ? key : key.substring(0, cut + separator.length()));
        }
        return List.copyOf(keys);
    }

    /** Highest index of an entry or tombstone under the prefix (or of exactly {@code key}); 0 if none. */
    long indexOf(String keyOrPrefix, boolean prefix) {
        long max = 0;
        for (Map.Entry<String, KvEntry> e : entries.tailMap(keyOrPrefix, true).entrySet()) {
            if (!matches(e.getKey(), keyOrPrefix, prefix)) {
                break;
            }
            max = Math.max(max, e.getValue().modifyIndex());
        }
        for (Map.Entry<String, Long> t : tombstones.tailMap(keyOrPrefix, true).entrySet()) {
            if (!matches(t.getKey(), keyOrPrefix, prefix)) {
                break;
            }
            max = Math.max(max, t.getValue());
        }
        return max;
    }

    /** Highest index in the table, tombstones included (Consul's {@code kvsMaxIndex}). */
    long maxIndex() {
        return indexOf("", true);
    }

    void put(KvEntry entry) {
        entries.put(entry.key(), entry);
        tombstones.remove(entry.key());
    }

    /** Creates or updates a key's value, keeping any lock on it (Consul's plain {@code set}). */
    KvEntry set(String key, byte[] value, long flags, long index) {
        KvEntry existing = entries.get(key);
        KvEntry updated = existing == null
                ? new KvEntry(key, value, flags, index, index, 0, Optional.empty())
                : existing.withValue(value, flags, index);
        put(updated);
        return updated;
    }

    boolean delete(String key, long index) {
        if (entries.remove(key) == null) {
            return false;
        }
        tombstones.put(key, index);
        return true;
    }

    List<String> deleteTree(String prefix, long index) {
        List<String> deleted = new ArrayList<>();
        for (KvEntry entry : list(prefix)) {
            delete(entry.key(), index);
            deleted.add(entry.key());
        }
        return deleted;
    }

    /** Keys whose lock {@code session} holds. */
    List<String> heldBy(String session) {
        return entries.values().stream().filter(e -> e.session().filter(session::equals).isPresent())
                .map(KvEntry::key).toList();
    }

    /** A snapshot restore onto a fresh log: every entry at {@code index}, tombstones gone. */
    void renumber(long index) {
        entries.replaceAll((key, entry) -> entry.renumbered(index));
        tombstones.clear();
    }

    private static boolean matches(String key, String keyOrPrefix, boolean prefix) {
        return prefix ? key.startsWith(keyOrPrefix) : key.equals(keyOrPrefix);
    }
}
