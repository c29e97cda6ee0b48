package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Maps;
import io.kvroute.proxy.balancer.ServerKey;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.xnio.XnioExecutor;

/**
 * Publishes the {@link HealthChecker}'s {@link HealthView} and announces its changes, on the checker's thread,
 * without building one view per probe, and without copying every server per view: each view shares the previous
 * one's services except those whose servers changed since (the services named to it), so a publication costs the
 * servers of the services it touches plus one reference per service. A change of state is published within
 * {@value #CHANGE_DELAY_MILLIS} ms, together with the others of that moment, and a probe result that changes no state
 * within {@value #RESULT_DELAY_MILLIS} ms. Configuration updates and passive ejections are published at once. Each
 * change is announced with the first view that shows it; a second change of the same server first publishes the one
 * before.
 */
final class ViewPublisher {
    static final long CHANGE_DELAY_MILLIS = 10;
    static final long RESULT_DELAY_MILLIS = 100;

    private final ProbeTransport transport;
    private final ChangeAnnouncer announcer;
    private final NavigableMap<ServerKey, ServerWatch> watches;
    private final AtomicReference<HealthView> view = new AtomicReference<>(HealthView.empty());
    /** Confined to the checker's thread, as everything below. */
    private final Map<ServerKey, HealthChange> unannounced = new LinkedHashMap<>();
    /** The services whose servers may differ from the last view's. */
    private final Set<String> touched = new HashSet<>();
    /** Whether any service may differ from the last view's (the whole set of servers was replaced). */
    private boolean allTouched;
    private XnioExecutor.Key scheduled;
    private long scheduledAt;

    /** Publishes {@code watches} (the checker's servers, live, in key order). */
    ViewPublisher(ProbeTransport transport, ChangeAnnouncer announcer, NavigableMap<ServerKey, ServerWatch> watches) {
        this.transport = requireNonNull(transport, "transport");
        this.announcer = requireNonNull(announcer, "announcer");
        this.watches = requireNonNull(watches, "watches");
    }

    /** The last published view; safe on any thread. */
    HealthView view() {
        return view.get();
    }

    /** Any server may have changed: publishes every service now and announces {@code changes} and any waiting. */
    void nowAll(List<HealthChange> changes) {
        allTouched = true;
        changes.forEach(this::queue);
        publish();
    }

    /** The servers of {@code services} changed: publishes now and announces {@code changes} and any waiting. */
    void now(Set<String> services, List<HealthChange> changes) {
        touched.addAll(services);
        changes.forEach(this::queue);
        publish();
    }

    /** {@code server}'s health changed: publishes now and announces {@code change}, if any, and any waiting. */
    void now(ServerKey server, Optional<HealthChange> change) {
        touched.add(server.service());
        change.ifPresent(this::queue);
        publish();
    }

    /** A probe result of {@code server}: published soon, sooner if it changed the server's state. */
    void soon(ServerKey server, Optional<HealthChange> change) {
        touched.add(server.service());
        change.ifPresent(this::queue);
        publishWithin(change.isPresent() ? CHANGE_DELAY_MILLIS : RESULT_DELAY_MILLIS);
    }

    private void queue(HealthChange change) {
        touched.add(change.key().service());
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
        HealthView previous = view.get();
        HealthView next = allTouched ? HealthView.of(previous.version() + 1, Maps.transformValues(watches,
                watch -> watch.health)) : new HealthView(previous.version() + 1, withTouched(previous.services()));
        allTouched = false;
        touched.clear();
        view.set(next);
        if (!unannounced.isEmpty()) {
            List<HealthChange> changes = List.copyOf(unannounced.values());
            unannounced.clear();
            announcer.announce(next, changes);
        }
    }

    /** {@code services} with the touched ones as the watches are now (left out when they have no server). */
    private ImmutableMap<String, ImmutableSortedMap<ServerKey, ServerHealth>> withTouched(
            ImmutableMap<String, ImmutableSortedMap<ServerKey, ServerHealth>> services) {
        if (touched.isEmpty()) {
            return services;
        }
        ImmutableMap.Builder<String, ImmutableSortedMap<ServerKey, ServerHealth>> next =
                ImmutableMap.builderWithExpectedSize(services.size() + touched.size());
        services.forEach((service, servers) -> {
            if (!touched.contains(service)) {
                next.put(service, servers);
            }
        });
        for (String service : touched) {
            ImmutableSortedMap<ServerKey, ServerHealth> servers = serversOf(service);
            if (!servers.isEmpty()) {
                next.put(service, servers);
            }
        }
        return next.build();
    }

    private ImmutableSortedMap<ServerKey, ServerHealth> serversOf(String service) {
        ImmutableSortedMap.Builder<ServerKey, ServerHealth> servers = ImmutableSortedMap.naturalOrder();
        // Every non-empty server id sorts at or after "\0": the service's watches start here.
        for (ServerWatch watch : watches.tailMap(new ServerKey(service, "\0"), true).values()) {
            if (!watch.key().service().equals(service)) {
                break;
            }
            servers.put(watch.key(), watch.health);
        }
        return servers.build();
    }
}
