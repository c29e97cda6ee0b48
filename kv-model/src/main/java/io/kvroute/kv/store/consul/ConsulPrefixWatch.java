package io.kvroute.kv.store.consul;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.WatchListener;
import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.kiwiproject.consul.KeyValueClient;
import org.kiwiproject.consul.option.ImmutableQueryOptions;
import org.kiwiproject.consul.option.QueryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch on a key prefix as a loop of Consul blocking queries ({@code GET /v1/kv/<prefix>?recurse&index=<last>&wait=}),
 * on its own daemon thread. A grown {@code X-Consul-Index} means a change. An index that went backwards (Consul
 * restarted or restored a snapshot) is signalled as a change too and the loop carries on from the new index, which
 * is what Consul's "reset the index" advice amounts to. Transient errors are retried with doubling backoff
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
    private final Thread thread;
    private volatile boolean closed;

    ConsulPrefixWatch(KeyValueClient kv, String prefix, long afterRevision, Duration blockingWait,
            WatchListener listener, ConsulErrors errors) {
        this.kv = requireNonNull(kv, "kv");
        this.prefix = requireNonNull(prefix, "prefix");
        this.blockingWait = requireNonNull(blockingWait, "blockingWait");
        this.listener = requireNonNull(listener, "listener");
        this.errors = requireNonNull(errors, "errors");
        this.thread = new Thread(() -> run(Math.max(afterRevision, 0)), "kvroute-consul-watch " + prefix);
        this.thread.setDaemon(true);
    }

    ConsulPrefixWatch start() {
        thread.start();
        return this;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void run(long afterRevision) {
        long index = afterRevision;
        int failures = 0;
        while (!closed) {
            long answered;
            try {
                answered = ConsulTransactions.indexOf(kv.getConsulResponseWithValues(prefix, query(index)).getIndex());
            } catch (RuntimeException e) {
                KvStoreException failure = errors.translate("watch \"" + prefix + "\"", e);
                if (closed) {
                    return;
                }
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
            if (answered < index) {
                LOG.info("watch \"{}\": Consul index went back from {} to {} (restart or snapshot restore);"
                        + " signalling a change and continuing from {}", prefix, index, answered, answered);
            }
            if (answered != index) {
                index = answered;
                signal(answered);
            }
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
