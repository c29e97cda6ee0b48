package io.kvroute.kv.store.consul;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.Lease;
import io.kvroute.kv.store.LeaseListener;
import io.kvroute.kv.store.LeaseTtl;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.kiwiproject.consul.ConsulException;
import org.kiwiproject.consul.SessionClient;
import org.kiwiproject.consul.model.session.ImmutableSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Lease} as a Consul session with {@code Behavior=delete}, {@code LockDelay=0s} and a TTL in whole seconds,
 * renewed every TTL/3 ({@code PUT /v1/session/renew/<id>}). A renewal answered 404 means the session expired or was
 * destroyed: the listener hears {@code leaseLost} once and renewal stops. Other renewal failures are logged and
 * retried at the next tick; Consul keeps a session for up to twice its TTL.
 */
final class ConsulSessionLease implements Lease {
    private static final Logger LOG = LoggerFactory.getLogger(ConsulSessionLease.class);

    private enum State { RENEWING, LOST, ABANDONED, REVOKED }

    private final String id;
    private final Duration ttl;
    private final SessionClient sessions;
    private final LeaseListener listener;
    private final ConsulErrors errors;
    private final AtomicReference<State> state = new AtomicReference<>(State.RENEWING);
    private volatile long lastRenewalNanos = System.nanoTime();
    private volatile ScheduledFuture<?> renewal;

    private ConsulSessionLease(String id, Duration ttl, SessionClient sessions, LeaseListener listener,
            ConsulErrors errors) {
        this.id = requireNonNull(id, "id");
        this.ttl = requireNonNull(ttl, "ttl");
        this.sessions = requireNonNull(sessions, "sessions");
        this.listener = requireNonNull(listener, "listener");
        this.errors = requireNonNull(errors, "errors");
    }

    /** Creates the session ({@code PUT /v1/session/create}) and schedules its renewal. */
    static ConsulSessionLease create(SessionClient sessions, Duration ttl, String owner, LeaseListener listener,
            ConsulErrors errors, ScheduledExecutorService scheduler) {
        long seconds = LeaseTtl.wholeSeconds(ttl);
        String id;
        try {
            id = sessions.createSession(ImmutableSession.builder()
                    .name("kvroute " + owner)
                    .behavior("delete")
                    .ttl(seconds + "s")
                    .lockDelay("0s")
                    .build()).getId();
        } catch (RuntimeException e) {
            throw errors.translate("create session (TTL " + seconds + "s)", e);
        }
        ConsulSessionLease lease = new ConsulSessionLease(id, Duration.ofSeconds(seconds), sessions, listener, errors);
        long periodMillis = Math.max(1, lease.ttl.toMillis() / 3);
        lease.renewal = scheduler.scheduleAtFixedRate(lease::renewOnce, periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
        return lease;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    /**
     * Consul does not report a session's remaining time; this is the TTL minus the time since the last successful
     * renewal, after checking with {@code GET /v1/session/info/<id>} that the session still exists (-1 if not).
     */
    @Override
    public long remainingSeconds() {
        boolean exists;
        try {
            exists = sessions.getSessionInfo(id).isPresent();
        } catch (RuntimeException e) {
            throw errors.translate("session info " + id, e);
        }
        if (!exists) {
            return -1;
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRenewalNanos);
        return Math.max(0, (ttl.toMillis() - elapsedMillis + 999) / 1000);
    }

    @Override
    public void revoke() {
        State before = state.getAndSet(State.REVOKED);
        stopRenewal();
        if (before == State.REVOKED) {
            return;
        }
        try {
            sessions.destroySession(id);
        } catch (RuntimeException e) {
            state.set(before == State.RENEWING ? State.ABANDONED : before);
            throw errors.translate("destroy session " + id, e);
        }
    }

    @Override
    public void abandon() {
        if (state.compareAndSet(State.RENEWING, State.ABANDONED)) {
            stopRenewal();
        }
    }

    private void renewOnce() {
        if (state.get() != State.RENEWING) {
            return;
        }
        try {
            sessions.renewSession(id);
            lastRenewalNanos = System.nanoTime();
        } catch (ConsulException e) {
            if (e.hasCode() && e.getCode() == 404) {
                lose("session " + id + " not found on renewal: it expired or was destroyed");
            } else {
                warn(errors.translate("renew session " + id, e));
            }
        } catch (RuntimeException e) {
            warn(errors.translate("renew session " + id, e));
        }
    }

    private void lose(String reason) {
        if (state.compareAndSet(State.RENEWING, State.LOST)) {
            stopRenewal();
            try {
                listener.leaseLost(this, reason);
            } catch (RuntimeException e) {
                LOG.warn("lease listener failed for session {}: {}", id, e.toString());
            }
        }
    }

    private static void warn(KvStoreException failure) {
        LOG.warn("{}; retrying at the next renewal", failure.getMessage());
    }

    private void stopRenewal() {
        ScheduledFuture<?> scheduled = renewal;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    @Override
    public String toString() {
        return "consul session " + id + " (TTL " + ttl.toSeconds() + "s, " + state.get() + ")";
    }
}
