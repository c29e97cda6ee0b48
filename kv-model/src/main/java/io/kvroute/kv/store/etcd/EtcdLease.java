package io.kvroute.kv.store.etcd;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An etcd lease kept alive through jetcd's {@code keepAlive} observer. jetcd drops a lease silently (the observer
 * completes) when no keep-alive response arrived within the TTL, and reports {@code NOT_FOUND} when etcd no longer
 * knows it; both trigger a check of {@code timeToLive}: a lease that still has time left is re-armed, a lease that
 * is gone is reported once to the {@link LeaseListener}. A check that cannot reach etcd is retried every second.
 * Other keep-alive errors are informational: jetcd restarts its keep-alive stream by itself.
 */
final class EtcdLease implements Lease {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdLease.class);
    private static final Duration CHECK_RETRY = Duration.ofSeconds(1);

    private final long id;
    private final Duration ttl;
    private final LeaseListener listener;
    private final io.etcd.jetcd.Lease client;
    private final String store;
    private final Duration requestTimeout;
    private final ScheduledExecutorService checks;
    private final AtomicBoolean checking = new AtomicBoolean();
    private final AtomicBoolean revoked = new AtomicBoolean();

    private final Object lock = new Object();
    /** The observer of the current keep-alive; callbacks of older ones are ignored. */
    @GuardedBy("lock")
    private KeepAliveObserver observer;
    @GuardedBy("lock")
    private CloseableClient keepAlive;
    /** Keep-alive stopped for good (revoked, abandoned, lost or store closed). */
    @GuardedBy("lock")
    private boolean stopped;

    EtcdLease(long id, Duration ttl, LeaseListener listener, io.etcd.jetcd.Lease client, String store,
            Duration requestTimeout, ScheduledExecutorService checks) {
        this.id = id;
        this.ttl = requireNonNull(ttl, "ttl");
        this.listener = requireNonNull(listener, "listener");
        this.client = requireNonNull(client, "client");
        this.store = requireNonNull(store, "store");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
        this.checks = requireNonNull(checks, "checks");
    }

    long numericId() {
        return id;
    }

    @Override
    public String id() {
        return Long.toHexString(id);
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    @Override
    public long remainingSeconds() {
        return EtcdErrors.await(client.timeToLive(id, LeaseOption.DEFAULT), requestTimeout, store,
                "time to live of lease " + id()).getTTL();
    }

    @Override
    public void revoke() {
        stopKeepAlive();
        if (!revoked.compareAndSet(false, true)) {
            return;
        }
        try {
            EtcdErrors.await(client.revoke(id), requestTimeout, store, "revoke lease " + id());
        } catch (KvStoreException e) {
            if (e.kind() != KvStoreException.Kind.NOT_FOUND) {
                revoked.set(false);
                throw e;
            }
        }
    }

    @Override
    public void abandon() {
        stopKeepAlive();
    }

    /** Starts (or restarts) jetcd's keep-alive for this lease, unless it was stopped. */
    void arm() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            if (keepAlive != null) {
                keepAlive.close();
            }
            observer = new KeepAliveObserver();
            keepAlive = client.keepAlive(id, observer);
        }
    }

    /** Stops keep-alive for good; the lease then expires after its TTL unless revoked. */
    void stopKeepAlive() {
        synchronized (lock) {
            stopped = true;
            observer = null;
            if (keepAlive != null) {
                keepAlive.close();
                keepAlive = null;
            }
        }
    }

    private boolean isCurrent(KeepAliveObserver candidate) {
        synchronized (lock) {
            return !stopped && observer == candidate;
        }
    }

    private void scheduleCheck(Duration delay) {
        if (checking.compareAndSet(false, true)) {
            checks.schedule(this::check, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Asks etcd whether the lease still exists: re-arms it if so, reports it lost if not. */
    private void check() {
        checking.set(false);
        synchronized (lock) {
            if (stopped) {
                return;
            }
        }
        long secondsLeft;
        try {
            secondsLeft = remainingSeconds();
        } catch (KvStoreException e) {
            LOG.debug("{}: cannot check lease {} yet ({}); retrying in {}", store, id(), e.getMessage(), CHECK_RETRY);
            scheduleCheck(CHECK_RETRY);
            return;
        }
        if (secondsLeft > 0) {
            LOG.info("{}: keep-alive of lease {} ended while etcd says {} s are left; re-armed", store, id(), secondsLeft);
            arm();
        } else {
            lost("etcd says lease " + id() + " no longer exists (time to live " + secondsLeft
                    + " after keep-alive ended)");
        }
    }

    private void lost(String reason) {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopKeepAlive();
        }
        LOG.warn("{}: {}", store, reason);
        try {
            listener.leaseLost(this, store + ": " + reason);
        } catch (RuntimeException e) {
            LOG.warn("{}: the owner of lease {} failed handling its loss", store, id(), e);
        }
    }

    @Override
    public String toString() {
        return "etcd lease " + id() + " (ttl " + GoDuration.format(ttl) + ")";
    }

    /** Receives jetcd's keep-alive callbacks for one arming of the lease. */
    private final class KeepAliveObserver implements StreamObserver<LeaseKeepAliveResponse> {
        @Override
        public void onNext(LeaseKeepAliveResponse response) {
            LOG.trace("{}: lease {} kept alive, ttl {}", store, id(), response.getTTL());
        }

        @Override
        public void onError(Throwable failure) {
            if (!isCurrent(this)) {
                return;
            }
            KvStoreException translated = EtcdErrors.translate(failure, store, "keep-alive of lease " + id());
            if (translated.kind() == KvStoreException.Kind.NOT_FOUND) {
                scheduleCheck(Duration.ZERO);
            } else {
                LOG.debug("{}: keep-alive of lease {} interrupted ({}); jetcd retries", store, id(),
                        translated.getMessage());
            }
        }

        @Override
        public void onCompleted() {
            if (isCurrent(this)) {
                scheduleCheck(Duration.ZERO);
            }
        }
    }
}
