package io.kvroute.kv.store.etcd;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.LeaseOption;
import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An etcd lease that kvroute keeps alive itself: every third of the TTL one keep-alive request, a call of its own
 * (jetcd's {@code keepAliveOnce}) to the store's current member, waited for at most a sixth of the TTL. A request
 * that gets no answer in time (a hung or partitioned member: its connection stays open and nothing answers) moves the
 * store on to the next member ({@link EtcdMembers}) and is sent again at once, there, long before the TTL runs out. jetcd's own
 * keep-alive stream is not used: it is shared by all leases, stays on the member it started on while that member
 * hangs, and then drops leases silently. A lease etcd no longer knows ({@code NOT_FOUND}) is reported once to the
 * {@link LeaseListener}; while etcd cannot be reached at all the requests go on, spaced by the attempt deadline, and
 * the first answer after the outage says whether the lease survived.
 */
final class EtcdLease implements Lease {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdLease.class);
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(200);

    private final long id;
    private final Duration ttl;
    private final LeaseListener listener;
    private final EtcdMembers members;
    private final String store;
    private final Duration requestTimeout;
    private final Duration interval;
    private final Duration attemptTimeout;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean revoked = new AtomicBoolean();

    private final Object lock = new Object();
    /** Keep-alive stopped for good (revoked, abandoned, lost or store closed). */
    @GuardedBy("lock")
    private boolean stopped;
    /** The next keep-alive request, while none is in flight. */
    @GuardedBy("lock")
    private ScheduledFuture<?> next;
    /** Keep-alive requests in a row that got no answer; touched by one request at a time. */
    private int unanswered;

    EtcdLease(long id, Duration ttl, LeaseListener listener, EtcdMembers members, String store,
            Duration requestTimeout, ScheduledExecutorService scheduler) {
        this.id = id;
        this.ttl = requireNonNull(ttl, "ttl");
        this.listener = requireNonNull(listener, "listener");
        this.members = requireNonNull(members, "members");
        this.store = requireNonNull(store, "store");
        this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.interval = ttl.dividedBy(3);
        Duration sixth = ttl.dividedBy(6);
        this.attemptTimeout = sixth.compareTo(MIN_ATTEMPT) < 0 ? MIN_ATTEMPT
                : sixth.compareTo(requestTimeout) > 0 ? requestTimeout : sixth;
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
        return members.call("time to live of lease " + id(), requestTimeout,
                client -> client.getLeaseClient().timeToLive(id, LeaseOption.DEFAULT)).getTTL();
    }

    @Override
    public void revoke() {
        stopKeepAlive();
        if (!revoked.compareAndSet(false, true)) {
            return;
        }
        try {
            members.call("revoke lease " + id(), requestTimeout, client -> client.getLeaseClient().revoke(id));
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

    /** Starts keeping the lease alive: the first request goes a third of the TTL after the grant. */
    void arm() {
        schedule(interval);
    }

    /** Stops keep-alive for good; the lease then expires after its TTL unless revoked. */
    void stopKeepAlive() {
        synchronized (lock) {
            stopped = true;
            if (next != null) {
                next.cancel(false);
                next = null;
            }
        }
    }

    private void schedule(Duration delay) {
        synchronized (lock) {
            if (!stopped) {
                next = scheduler.schedule(this::keepAlive, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Sends one keep-alive request; its answer (or its absence) schedules the next. */
    private void keepAlive() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            next = null;
        }
        EtcdMembers.Member member = members.current();
        member.client().getLeaseClient().keepAliveOnce(id)
                .orTimeout(attemptTimeout.toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((response, failure) -> answered(member, response, failure));
    }

    private void answered(EtcdMembers.Member member, LeaseKeepAliveResponse response, Throwable failure) {
        if (failure == null) {
            if (unanswered > 0) {
                LOG.info("{}: lease {} kept alive again after {} unanswered keep-alive request(s)", store, id(),
                        unanswered);
            }
            unanswered = 0;
            LOG.trace("{}: lease {} kept alive, ttl {}", store, id(), response.getTTL());
            schedule(interval);
            return;
        }
        KvStoreException translated = EtcdErrors.translate(failure, store, "keep-alive of lease " + id());
        if (translated.kind() == KvStoreException.Kind.NOT_FOUND) {
            lost("etcd says lease " + id() + " no longer exists");
            return;
        }
        members.unanswered(member, translated);
        unanswered++;
        if (unanswered == 1) {
            LOG.info("{}: keep-alive of lease {} unanswered ({}); asking again at once", store, id(),
                    translated.getMessage());
        } else {
            LOG.debug("{}: keep-alive of lease {} unanswered {} times in a row ({})", store, id(), unanswered,
                    translated.getMessage());
        }
        schedule(translated.kind() == KvStoreException.Kind.TIMEOUT ? Duration.ZERO : attemptTimeout);
    }

    private void lost(String reason) {
        synchronized (lock) {
            if (stopped) {
                return;
            }
        }
        stopKeepAlive();
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
}
