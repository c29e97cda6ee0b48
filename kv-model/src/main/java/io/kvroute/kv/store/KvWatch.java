package io.kvroute.kv.store;

/** A running watch; closing it stops change notifications without calling {@link WatchListener#ended}. */
public interface KvWatch extends AutoCloseable {
    @Override
    void close();
}
