package io.kvroute.kv.testing.consul;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The emulated agent's state behind one monitor: the Raft index, the KV table, sessions with their TTL deadlines and
 * lock delays. Reads can block like Consul's blocking queries; every write bumps the index and wakes them.
 */
final class ConsulState {
    /** A fresh agent has already written a few entries of its own before the first KV write. */
    static final long FIRST_INDEX = 10;
    /** The index everything restarts at after {@link #resetIndex()}. */
    static final long RESTORED_INDEX = 2;
    private static final Duration MAX_TTL = Duration.ofHours(24);

    /** A read's answer and the {@code X-Consul-Index} to send with it. */
    record Indexed<T>(long index, T value) {
    }

    private final Duration sessionTtlMin;
    private final int ttlMultiplier;
    private final TxnRunner txns = new TxnRunner(this);
    private final Map<String, EmulatedSession> sessions = new LinkedHashMap<>();
    private final Map<String, Long> sessionDeadlines = new HashMap<>();
    private final Map<String, Long> lockDelayUntil = new HashMap<>();
    private KvTable table = new KvTable();
    private long raftIndex = FIRST_INDEX;
    private long resets;
    private boolean closed;

    ConsulState(Duration sessionTtlMin, int ttlMultiplier) {
        this.sessionTtlMin = sessionTtlMin;
        this.ttlMultiplier = ttlMultiplier;
    }

    /**
     * Answers a KV read. With {@code minIndex > 0} this is a blocking query, run as Consul runs one: answer at once
     * if the index already passed {@code minIndex}; otherwise wait until something under the selection changes and
     * re-run, up to {@code wait}; when the wait ends, answer with the last run's result and index.
     */
    synchronized <T> Indexed<T> read(String keyOrPrefix, boolean prefix, long minIndex, Duration wait,
            Function<KvTable, T> reader) throws InterruptedException {
        Indexed<T> run = new Indexed<>(reportedIndex(keyOrPrefix, prefix), reader.apply(table));
        long deadline = System.nanoTime() + wait.toNanos();
        long seen = table.indexOf(keyOrPrefix, prefix);
        long resetsSeen = resets;
        while (minIndex > 0 && run.index() <= minIndex && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
            if (table.indexOf(keyOrPrefix, prefix) != seen || resets != resetsSeen) {
                run = new Indexed<>(reportedIndex(keyOrPrefix, prefix), reader.apply(table));
                seen = table.indexOf(keyOrPrefix, prefix);
                resetsSeen = resets;
            }
        }
        return run;
    }

    /**
     * Consul's {@code X-Consul-Index} for a KV read: a list reports the highest index under the prefix (tombstones
     * included), or the whole table's when the prefix holds nothing; a single key its ModifyIndex, or the table's
     * when missing; never 0.
     */
    private long reportedIndex(String keyOrPrefix, boolean prefix) {
        if (!prefix) {
            return table.get(keyOrPrefix).map(KvEntry::modifyIndex).orElse(Math.max(1, table.maxIndex()));
        }
        long underPrefix = table.indexOf(keyOrPrefix, true);
        return Math.max(1, underPrefix != 0 ? underPrefix : table.maxIndex());
    }

    /** {@code PUT /v1/kv/<key>} with optional {@code cas}, {@code acquire} or {@code release}. */
    synchronized boolean put(String key, byte[] value, long flags, Optional<Long> cas, Optional<String> acquire,
            Optional<String> release) {
        long index = raftIndex + 1;
        KvTable next = table.copy();
        try {
            if (cas.isPresent()) {
                Optional<KvEntry> existing = next.get(key);
                boolean matches = cas.get() == 0 ? existing.isEmpty()
                        : existing.map(e -> e.modifyIndex() == cas.get()).orElse(false);
                if (!matches) {
                    return false;
                }
            }
            if (acquire.isPresent()) {
                lock(next, key, value, flags, acquire.get(), index);
            } else if (release.isPresent()) {
                unlock(next, key, value, flags, release.get(), index);
            } else {
                next.set(key, value, flags, index);
            }
        } catch (ConsulApiError lockRefused) {
            if (lockRefused.status() == 409) {
                return false;
            }
            throw lockRefused;
        }
        commit(next, index);
        return true;
    }

    /** {@code DELETE /v1/kv/<key>} with optional {@code recurse} or {@code cas}. */
    synchronized boolean delete(String key, boolean recurse, Optional<Long> cas) {
        long index = raftIndex + 1;
        KvTable next = table.copy();
        if (recurse) {
            next.deleteTree(key, index);
        } else {
            long actual = next.get(key).map(KvEntry::modifyIndex).orElse(0L);
            if (cas.isPresent() && cas.get() != 0 && cas.get() != actual) {
                return false;
            }
            next.delete(key, index);
        }
        if (next.maxIndex() == index) {
            commit(next, index);
        }
        return true;
    }

    /** {@code PUT /v1/txn}: all or nothing. */
    synchronized TxnRunner.Outcome transaction(List<TxnOp> operations) {
        long index = raftIndex + 1;
        TxnRunner.Outcome outcome = txns.run(table, operations, index);
        if (!outcome.failed() && outcome.table().maxIndex() == index) {
            commit(outcome.table(), index);
        }
        return outcome;
    }

    /** Acquires {@code key} for {@code session}, setting its value; refuses with 409 (held, lock delay) or 500. */
    void lock(KvTable target, String key, byte[] value, long flags, String session, long index) {
        if (!sessions.containsKey(session)) {
            throw new ConsulApiError(500, "invalid session \"" + session + "\"");
        }
        Optional<KvEntry> existing = target.get(key);
        if (existing.flatMap(KvEntry::session).filter(holder -> !holder.equals(session)).isPresent()) {
            throw new ConsulApiError(409, "failed to lock key \"" + key + "\", lock is already held");
        }
        Long delayedUntil = lockDelayUntil.get(key);
        if (delayedUntil != null && delayedUntil - System.nanoTime() > 0) {
            throw new ConsulApiError(409, "failed to lock key \"" + key + "\", lock delay is in effect");
        }
        target.put(target.set(key, value, flags, index).lockedBy(session, index));
    }

    /** Releases {@code key} held by {@code session}, setting its value; refuses with 409 when not its holder. */
    void unlock(KvTable target, String key, byte[] value, long flags, String session, long index) {
        Optional<KvEntry> existing = target.get(key);
        if (existing.flatMap(KvEntry::session).filter(session::equals).isEmpty()) {
            throw new ConsulApiError(409, "failed to unlock key \"" + key + "\", lock isn't held, or is held by"
                    + " another session");
        }
        target.put(target.set(key, value, flags, index).unlocked(index));
    }

    synchronized EmulatedSession createSession(String name, String node, String behavior, Optional<Duration> ttl,
            Duration lockDelay) {
        if (!behavior.equals("release") && !behavior.equals("delete")) {
            throw new ConsulApiError(400, "Invalid Behavior setting '" + behavior + "'");
        }
        if (ttl.isPresent() && (ttl.get().compareTo(sessionTtlMin) < 0 || ttl.get().compareTo(MAX_TTL) > 0)) {
            throw new ConsulApiError(400, "Invalid Session TTL '" + ttl.get().toNanos() + "', must be between ["
                    + sessionTtlMin.toSeconds() + "s=" + "24h0m0s]");
        }
        EmulatedSession session = new EmulatedSession(UUID.randomUUID().toString(), name, node, behavior, ttl,
                lockDelay, ++raftIndex);
        sessions.put(session.id(), session);
        restartTimer(session);
        return session;
    }

    synchronized Optional<EmulatedSession> renewSession(String id) {
        Optional<EmulatedSession> session = Optional.ofNullable(sessions.get(id));
        session.ifPresent(this::restartTimer);
        return session;
    }

    synchronized Optional<EmulatedSession> session(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    synchronized Optional<KvEntry> entry(String key) {
        return table.get(key);
    }

    synchronized List<EmulatedSession> sessions() {
        return List.copyOf(sessions.values());
    }

    /** Destroys a session as Consul invalidates one: its locks are released, or its keys deleted. */
    synchronized void destroySession(String id) {
        EmulatedSession session = sessions.remove(id);
        sessionDeadlines.remove(id);
        if (session == null) {
            return;
        }
        long index = raftIndex + 1;
        KvTable next = table.copy();
        for (String key : next.heldBy(id)) {
            if (session.deletesKeys()) {
                next.delete(key, index);
            } else {
                next.put(next.get(key).orElseThrow().unlocked(index));
            }
            if (!session.lockDelay().isZero()) {
                lockDelayUntil.put(key, System.nanoTime() + session.lockDelay().toNanos());
            }
        }
        commit(next, index);
    }

    /** Invalidates every session whose TTL (times Consul's multiplier) passed without a renewal. */
    synchronized void expireSessions() {
        long now = System.nanoTime();
        List<String> expired = sessionDeadlines.entrySet().stream()
                .filter(e -> e.getValue() - now <= 0).map(Map.Entry::getKey).toList();
        expired.forEach(this::destroySession);
    }

    /** Restores a snapshot onto a fresh Raft log: every index restarts at {@link #RESTORED_INDEX}. */
    synchronized void resetIndex() {
        table.renumber(RESTORED_INDEX);
        sessions.replaceAll((id, session) -> session.renumbered(RESTORED_INDEX));
        sessions.values().forEach(this::restartTimer);
        raftIndex = RESTORED_INDEX;
        resets++;
        notifyAll();
    }

    synchronized long raftIndex() {
        return raftIndex;
    }

    /** Wakes and ends every blocked query. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    private void restartTimer(EmulatedSession session) {
        session.ttl().ifPresent(ttl -> sessionDeadlines.put(session.id(),
                System.nanoTime() + ttl.multipliedBy(ttlMultiplier).toNanos()));
    }

    private void commit(KvTable next, long index) {
        table = next;
        raftIndex = index;
        notifyAll();
    }
}
