package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSortedMap;
import io.kvroute.proxy.balancer.ServerKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.xnio.XnioExecutor;

/**
 * Publishes the {@link HealthChecker}'s {@link HealthView} and announces its changes, on the checker's thread,
 * without building one view per probe (a view copies every server, so one per probe would cost a probe the size of
 * the configuration): a change of state is published within {@value #CHANGE_DELAY_MILLIS} ms, together with the
 * others of that moment, and a probe result that changes no state within {@value #RESULT_DELAY_MILLIS} ms.
 * Configuration updates and passive ejections are published at once. Each change is announced with the first view
 * that shows it; a second change of the same server first publishes the one before.
 */
final class ViewPublisher {
    static final long CHANGE_DELAY_MILLIS = 10;
    static final long RESULT_DELAY_MILLIS = 100;

    private final ProbeTransport transport;
    private final ChangeAnnouncer announcer;
    private final Collection<ServerWatch> watches;
    private final AtomicReference<HealthView> view = new AtomicReference<>(HealthView.empty());
    /** Confined to the checker's thread, as everything below. */
    private final Map<ServerKey, HealthChange> unannounced = new LinkedHashMap<>();
    private XnioExecutor.Key scheduled;
    private long scheduledAt;

    /** Publishes {@code watches} (a live view of the checker's servers in key order). */
    ViewPublisher(ProbeTransport transport, ChangeAnnouncer announcer, Collection<ServerWatch> watches) {
        this.transport = requireNonNull(transport, "transport");
        this.announcer = requireNonNull(announcer, "announcer");
        this.watches = requireNonNull(watches, "watches");
    }

    /** The last published view; safe on any thread. */
    HealthView view() {
        return view.get();
    }

    /** Publishes now and announces {@code changes} and any waiting. */
    void now(List<HealthChange> changes) {
        changes.forEach(this::queue);
        publish();
    }

    /** Publishes now and announces {@code change}, if any, and any waiting. */
    void now(Optional<HealthChange> change) {
        change.ifPresent(this::queue);
        publish();
    }

    /** A probe result: published soon, sooner if it changed the server's state. */
    void soon(Optional<HealthChange> change) {
        change.ifPresent(this::queue);
        publishWithin(change.isPresent() ? CHANGE_DELAY_MILLIS : RESULT_DELAY_MILLIS);
    }

    private void queue(HealthChange change) {
        if (unannounced.containsKey(change.key())) {
            publish();
        }
        unannounced.put(change.key(), change);
    }

    private void publishWithin(long millis) {
        long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        if (scheduled != null && scheduledAt - at <= 0) {
            return;
        }
        if (scheduled != null) {
            scheduled.remove();
        }
        scheduledAt = at;
        scheduled = transport.schedule(this::publish, TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private void publish() {
        if (scheduled != null) {
            scheduled.remove();
            scheduled = null;
        }
        ImmutableSortedMap.Builder<ServerKey, ServerHealth> servers = ImmutableSortedMap.naturalOrder();
        for (ServerWatch watch : watches) {
            servers.put(watch.key(), watch.health);
        }
        HealthView next = new HealthView(view.get().version() + 1, servers.build());
        view.set(next);
        if (!unannounced.isEmpty()) {
            List<HealthChange> changes = List.copyOf(unannounced.values());
            unannounced.clear();
            announcer.announce(next, changes);
        }
    }
}
