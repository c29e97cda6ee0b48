package io.kvroute.kv.testing.consul;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** One emulated Consul KV entry, as Consul's {@code DirEntry}: raw value bytes, flags, indexes and lock holder. */
record KvEntry(String key, byte[] value, long flags, long createIndex, long modifyIndex, long lockIndex,
        Optional<String> session) {
    KvEntry {
        requireNonNull(key, "key");
        value = value.clone();
        requireNonNull(session, "session");
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    KvEntry withValue(byte[] newValue, long newFlags, long index) {
        return new KvEntry(key, newValue, newFlags, createIndex, index, lockIndex, session);
    }

    KvEntry lockedBy(String holder, long index) {
        boolean newHolder = session.map(s -> !s.equals(holder)).orElse(true);
        return new KvEntry(key, value, flags, createIndex, index, newHolder ? lockIndex + 1 : lockIndex,
                Optional.of(holder));
    }

    KvEntry unlocked(long index) {
        return new KvEntry(key, value, flags, createIndex, index, lockIndex, Optional.empty());
    }

    KvEntry renumbered(long index) {
        return new KvEntry(key, value, flags, index, index, lockIndex, session);
    }
}
