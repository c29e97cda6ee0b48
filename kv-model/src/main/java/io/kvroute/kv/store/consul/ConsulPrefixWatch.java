package io.kvroute.kv.store.consul;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.WatchListener;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.kiwiproject.consul.KeyValueClient;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.kv.Value;
import org.kiwiproject.consul.option.ImmutableQueryOptions;
import org.kiwiproject.consul.option.QueryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch on a key prefix as a loop of Consul blocking queries ({@code GET /v1/kv/<prefix>?recurse&index=<last>&wait=}),
 * on its own daemon thread.
 *
 * <p>A grown {@code X-Consul-Index} means a change, except from one empty answer to the next: a prefix without keys
 * reports the whole KV table's index, which writes elsewhere move. {@link #start()} reads a baseline without
 * blocking before it returns, so that this rule already covers the caller's next writes; a baseline index other than
 * {@code afterRevision} is signalled (at worst the caller re-reads for nothing). An index that went backwards (Consul
 * restarted or restored a snapshot) is signalled as a change too and the loop carries on from the new index, which
 * is what Consul's "reset the index to 0" advice amounts to. Transient errors are retried with doubling backoff
 * {@link #RETRIES} times; then, or at once for any other error, the watch ends with the translated cause.
 */
final class ConsulPrefixWatch implements KvWatch {
    static final int RETRIES = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Logger LOG = LoggerFactory.getLogger(ConsulPrefixWatch.class);

    private final KeyValueClient kv;
    private final String prefix;
    private final Duration blockingWait;
    private final WatchListener listener;
    private final ConsulErrors errors;
    private final long afterRevision;
    private volatile Thread thread;
    private volatile boolean closed;

    ConsulPrefixWatch(KeyValueClient kv, String prefix, long afterRevision, Duration blockingWait,
            WatchListener listener, ConsulErrors errors) {
        this.kv = requireNonNull(kv, "kv");
        this.prefix = requireNonNull(prefix, "prefix");
        this.afterRevision = Math.max(afterRevision, 0);
        this.blockingWait = requireNonNull(blockingWait, "blockingWait");
        this.listener = requireNonNull(listener, "listener");
        this.errors = requireNonNull(errors, "errors");
    }

    /** Reads the baseline (a failure is left to the loop's retries), then starts the loop thread. */
    ConsulPrefixWatch start() {
        Answer baseline;
        try {
            baseline = Answer.of(kv.getConsulResponseWithValues(prefix));
        } catch (RuntimeException e) {
            baseline = new Answer(afterRevision, false);
        }
        Answer from = baseline;
        Thread loop = new Thread(() -> {
            if (from.index() != afterRevision && !closed) {
                signal(from.index());
            }
            run(from);
        }, "kvroute-consul-watch " + prefix);
        loop.setDaemon(true);
        thread = loop;
        loop.start();
        return this;
    }

    @Override
    public void close() {
        closed = true;
        Thread loop = thread;
        if (loop != null) {
            loop.interrupt();
        }
    }

    private void run(Answer from) {
        Answer last = from;
        int failures = 0;
        while (!closed) {
            Answer answer;
            try {
                answer = Answer.of(kv.getConsulResponseWithValues(prefix, query(last.index())));
            } catch (Exception e) {
                // OkHttp (Kotlin) throws InterruptedException undeclared when close() interrupts a call that is
                // still connecting: the watch ends quietly then, as for any failure after close().
                if (closed) {
                    return;
                }
                KvStoreException failure = errors.translate("watch \"" + prefix + "\"",
                        e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e));
                if (!failure.isTransient() || failures >= RETRIES) {
                    end(failure);
                    return;
                }
                failures++;
                LOG.debug("{} (retry {} of {})", failure.getMessage(), failures, RETRIES);
                pause(FIRST_BACKOFF.multipliedBy(1L << (failures - 1)));
                continue;
            }
            failures = 0;
            if (closed) {
                return;
            }
            if (answer.index() < last.index()) {
                LOG.info("watch \"{}\": Consul index went back from {} to {} (restart or snapshot restore);"
                        + " signalling a change and continuing from {}", prefix, last.index(), answer.index(),
                        answer.index());
                signal(answer.index());
            } else if (answer.index() > last.index() && !(answer.empty() && last.empty())) {
                signal(answer.index());
            }
            last = answer;
        }
    }

    /**
     * One answer: its index and whether the prefix held no key. An empty prefix reports the whole KV table's index,
     * so its growth from one empty answer to the next is a write elsewhere, not a change under the prefix.
     */
    private record Answer(long index, boolean empty) {
        static Answer of(ConsulResponse<List<Value>> response) {
            List<Value> values = response.getResponse();
            return new Answer(ConsulTransactions.indexOf(response.getIndex()), values == null || values.isEmpty());
        }
    }

    private QueryOptions query(long index) {
        return ImmutableQueryOptions.builder()
                .index(BigInteger.valueOf(index))
                .wait(blockingWait.toSeconds() + "s")
                .build();
    }

    private void signal(long revision) {
        try {
            listener.changed(revision);
        } catch (RuntimeException e) {
            LOG.warn("watch \"{}\": listener failed on change {}: {}", prefix, revision, e.toString());
        }
    }

    private void end(KvStoreException cause) {
        try {
            listener.ended(cause);
        } catch (RuntimeException e) {
            LOG.warn("watch \"{}\": listener failed on end: {}", prefix, e.toString());
        }
    }

    private void pause(Duration backoff) {
        long deadline = System.nanoTime() + backoff.toNanos();
        while (!closed && System.nanoTime() < deadline) {
            LockSupport.parkNanos(this, Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }
}
