package io.kvroute.kv.store.memory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;

/**
 * The memory store's recent history: which keys each revision changed, so a watch started from an older revision
 * learns about changes it missed, and a watch from a revision older than the history ends with COMPACTED.
 * Not thread-safe: {@link MemoryKvStore} guards it with its lock.
 */
final class ChangeLog {
    private record Change(long revision, List<String> keys) {
    }

    private final int limit;
    private final Deque<Change> changes = new ArrayDeque<>();
    private long compactedThrough;

    ChangeLog(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        this.limit = limit;
    }

    /** Remembers that {@code revision} changed {@code keys}; forgets the oldest revision beyond the limit. */
    void record(long revision, List<String> keys) {
        changes.addLast(new Change(revision, List.copyOf(keys)));
        while (changes.size() > limit) {
            compactedThrough = changes.removeFirst().revision();
        }
    }

    /** Forgets every revision up to and including {@code revision}. */
    void compactThrough(long revision) {
        while (!changes.isEmpty() && changes.peekFirst().revision() <= revision) {
            changes.removeFirst();
        }
        compactedThrough = Math.max(compactedThrough, revision);
    }

    /** True when changes after {@code afterRevision} are no longer known. */
    boolean isCompacted(long afterRevision) {
        return afterRevision < compactedThrough;
    }

    long compactedThrough() {
        return compactedThrough;
    }

    /** The newest revision after {@code afterRevision} that changed a key starting with {@code prefix}. */
    OptionalLong newestChangeUnder(String prefix, long afterRevision) {
        var newestFirst = changes.descendingIterator();
        while (newestFirst.hasNext()) {
            Change change = newestFirst.next();
            if (change.revision() <= afterRevision) {
                break;
            }
            if (change.keys().stream().anyMatch(key -> key.startsWith(prefix))) {
                return OptionalLong.of(change.revision());
            }
        }
        return OptionalLong.empty();
    }
}
