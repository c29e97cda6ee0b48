package io.kvroute.kv.store;

import java.util.List;

/**
 * Changes under a prefix as its watch reported them, in the order they were made, after which the prefix holds
 * {@code keys} keys at {@code revision}: what a {@link PrefixWatcher.ChangeListener} applies on top of what it was
 * delivered before.
 */
public record KvChanges(List<KvEvent> events, long revision, int keys) {
    public KvChanges {
        events = List.copyOf(events);
    }
}
