package io.kvroute.agent.runtime;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.DelegatingKvStore;
import io.kvroute.kv.store.KvOperation;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.PrefixMark;
import io.kvroute.kv.store.WatchListener;
import io.kvroute.kv.store.WatchRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A real store that counts what one agent asks of it: lists and the bytes they returned, prefix marks, watches
 * started, transactions and the puts in them. The counts are shared by every store built on the same
 * {@link Counts}, so N agents can be added up.
 */
final class CountingKvStore extends DelegatingKvStore {
    /** Running totals; {@link #reset()} starts a new measurement. */
    static final class Counts {
        final LongAdder lists = new LongAdder();
        final LongAdder listedBytes = new LongAdder();
        final LongAdder marks = new LongAdder();
        final LongAdder watches = new LongAdder();
        final LongAdder commits = new LongAdder();
        final LongAdder puts = new LongAdder();

        void reset() {
            lists.reset();
            listedBytes.reset();
            marks.reset();
            watches.reset();
            commits.reset();
            puts.reset();
        }

        @Override
        public String toString() {
            return "lists " + lists.sum() + " (" + listedBytes.sum() + " bytes), marks " + marks.sum() + ", watches "
                    + watches.sum() + ", transactions " + commits.sum() + ", puts " + puts.sum();
        }
    }

    private final Counts counts;

    CountingKvStore(KvStore delegate, Counts counts) {
        super(delegate);
        this.counts = requireNonNull(counts, "counts");
    }

    @Override
    public KvSnapshot list(String prefix) {
        KvSnapshot snapshot = super.list(prefix);
        counts.lists.increment();
        for (KvPair pair : snapshot.pairs()) {
            counts.listedBytes.add(pair.key().getBytes(StandardCharsets.UTF_8).length
                    + pair.value().getBytes(StandardCharsets.UTF_8).length);
        }
        return snapshot;
    }

    @Override
    public Optional<PrefixMark> mark(String prefix) {
        counts.marks.increment();
        return super.mark(prefix);
    }

    @Override
    public KvWatch watch(String prefix, long afterRevision, WatchListener listener) {
        counts.watches.increment();
        return super.watch(prefix, afterRevision, listener);
    }

    @Override
    public List<KvWatch> watchAll(List<WatchRequest> requests) {
        counts.watches.add(requests.size());
        return delegate().watchAll(requests);
    }

    @Override
    public long commit(KvTransaction transaction) {
        long revision = super.commit(transaction);
        counts.commits.increment();
        counts.puts.add(transaction.operations().stream().filter(KvOperation.Put.class::isInstance).count());
        return revision;
    }
}
