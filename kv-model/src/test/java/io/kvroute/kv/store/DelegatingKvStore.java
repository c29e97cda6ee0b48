package io.kvroute.kv.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * A {@link KvStore} for tests that passes every call on to a real one; a test store extends it and overrides only the
 * calls it records or interferes with. {@link #watchAll} is left as the port's default, which starts each watch
 * through {@link #watch}, so a store that overrides {@code watch} sees the watches of a batch too; a store that
 * records batches overrides {@code watchAll} and passes it on to {@link #delegate()}.
 */
public abstract class DelegatingKvStore implements KvStore {
    private final KvStore delegate;

    protected DelegatingKvStore(KvStore delegate) {
        this.delegate = requireNonNull(delegate, "delegate");
    }

    /** The store every call is passed on to. */
    protected final KvStore delegate() {
        return delegate;
    }

    @Override
    public KvSnapshot list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public KvWatch watch(String prefix, long afterRevision, WatchListener listener) {
        return delegate.watch(prefix, afterRevision, listener);
    }

    @Override
    public Optional<PrefixMark> mark(String prefix) {
        return delegate.mark(prefix);
    }

    @Override
    public long commit(KvTransaction transaction) {
        return delegate.commit(transaction);
    }

    @Override
    public Lease grantLease(Duration ttl, LeaseListener listener) {
        return delegate.grantLease(ttl, listener);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public String provider() {
        return delegate.provider();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
