package io.kvroute.kv.store.etcdhttp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.concurrent.GuardedBy;
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
 * An etcd lease kept alive over the gateway, as the jetcd adapter keeps its own: every third of the TTL one short
 * {@code POST /v3/lease/keepalive} with one {@code {"ID":...}} (the gateway answers and ends the stream), waited for
 * at most a sixth of the TTL. A request nobody answers in time moves the gateway to the next member and is sent again
 * at once, long before the TTL runs out; a refused connection tries the next member within the same request. etcd
 * says a lease is gone with a TTL of zero or less in the answer, or {@code NOT_FOUND}: reported once to the
 * {@link LeaseListener}. While no member answers the requests go on, spaced by the attempt deadline, and the first
 * answer after the outage says whether the lease survived.
 */
final class EtcdHttpLease implements Lease {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdHttpLease.class);
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(200);

    private final long id;
    private final Duration ttl;
    private final LeaseListener listener;
    private final EtcdGateway gateway;
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

    EtcdHttpLease(long id, Duration ttl, LeaseListener listener, EtcdGateway gateway, Duration requestTimeout,
            ScheduledExecutorService scheduler) {
        this.id = id;
        this.ttl = requireNonNull(ttl, "ttl");
        this.listener = requireNonNull(listener, "listener");
        this.gateway = requireNonNull(gateway, "gateway");
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
        JsonNode answer = gateway.call("v3/lease/timetolive", idBody(), requestTimeout, "time to live of lease " + id());
        return GatewayJson.int64(answer.get("TTL"));
    }

    @Override
    public void revoke() {
        stopKeepAlive();
        if (!revoked.compareAndSet(false, true)) {
            return;
        }
        try {
            gateway.call("v3/lease/revoke", idBody(), requestTimeout, "revoke lease " + id());
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

    private ObjectNode idBody() {
        return EtcdGateway.JSON.createObjectNode().put("ID", Long.toString(id));
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
        gateway.post("v3/lease/keepalive", idBody(), attemptTimeout, "keep-alive of lease " + id())
                .whenComplete(this::answered);
    }

    private void answered(JsonNode answer, Throwable failure) {
        if (failure == null) {
            long remaining = GatewayJson.int64(answer.path("result").get("TTL"));
            if (remaining <= 0) {
                lost("etcd says lease " + id() + " no longer exists");
                return;
            }
            if (unanswered > 0) {
                LOG.info("{}: lease {} kept alive again after {} unanswered keep-alive request(s)", gateway.describe(),
                        id(), unanswered);
            }
            unanswered = 0;
            LOG.trace("{}: lease {} kept alive, ttl {}", gateway.describe(), id(), remaining);
            schedule(interval);
            return;
        }
        KvStoreException translated = GatewayErrors.fromFailure(failure, attemptTimeout, gateway.describe(),
                "keep-alive of lease " + id());
        if (translated.kind() == KvStoreException.Kind.NOT_FOUND) {
            lost("etcd says lease " + id() + " no longer exists");
            return;
        }
        if (translated.kind() == KvStoreException.Kind.CANCELLED) {
            return;
        }
        unanswered++;
        if (unanswered == 1) {
            LOG.info("{}: keep-alive of lease {} unanswered ({}); asking again at once", gateway.describe(), id(),
                    translated.getMessage());
        } else {
            LOG.debug("{}: keep-alive of lease {} unanswered {} times in a row ({})", gateway.describe(), id(),
                    unanswered, translated.getMessage());
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
        LOG.warn("{}: {}", gateway.describe(), reason);
        try {
            listener.leaseLost(this, gateway.describe() + ": " + reason);
        } catch (RuntimeException e) {
            LOG.warn("{}: the owner of lease {} failed handling its loss", gateway.describe(), id(), e);
        }
    }

    @Override
    public String toString() {
        return "etcd lease " + id() + " (ttl " + GoDuration.format(ttl) + ")";
    }
}
