package io.kvroute.proxy.health;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.gotext.GoDuration;
import io.kvroute.kv.model.HealthCheck;
import io.kvroute.kv.model.Secrets;
import io.kvroute.proxy.balancer.ServerKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the health of every server of the current configuration and publishes it as one immutable
 * {@link HealthView}. Active side: HTTP probes per the service's {@link HealthCheck}, or TCP probes per a TCP
 * service's {@link io.kvroute.kv.model.TcpHealthCheck} ({@link ProbeTarget#tcp}), with rise/fall thresholds
 * from {@link HealthSettings}, a jittered first probe and {@code unhealthyInterval} while DOWN. Passive side
 * ({@link PassiveHealth}): the proxy reports failed, timed-out and answered requests; a failure, or enough timeouts in
 * a row, ejects the server for a backoff that doubles with each ejection in a row, and any answer resets both. A
 * service's {@link PassiveCheck} replaces the first rule for its servers: {@code maxFailedAttempts} failed attempts
 * (connect failures and answers of 500 or more) within {@code failureWindow} eject a server for {@code failureWindow}.
 *
 * <p>All state, timers and probes live on the checker's own I/O thread ({@link ProbeTransport}): a probe is sent
 * over the server's kept-alive connection with Undertow's non-blocking client and its result is handled where it
 * arrives, with no hand-over between threads and no thread per probe. Each server has at most one probe and one
 * connection in flight; the next probe is due one interval after the previous was sent (not after it ended), so
 * probes keep their rhythm. Views are published by a {@link ViewPublisher}, not one per probe. Every public
 * method only hands work over and returns, so it is safe on an I/O thread. A server with an active check starts
 * UNKNOWN, which counts as usable until {@code fall} probes have failed. A check with {@code mode: grpc} probes with
 * the gRPC Health Checking Protocol ({@link GrpcHealthAnswer}); any other mode probes with HTTP, as in Traefik.
 */
public final class HealthChecker implements PassiveHealth, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);
    private static final String THREAD_NAME = "kvroute-health";

    private final HealthSettings settings;
    private final HealthMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final ProbeTransport transport;
    /** Confined to the checker's thread, in key order (so a view is built from sorted entries). */
    private final NavigableMap<ServerKey, ServerWatch> watches = new TreeMap<>();
    private final ViewPublisher publisher;
    /** Timeouts in a row per server, written by I/O threads; a server without one has no entry. */
    private final Map<ServerKey, Integer> timeoutsInARow = new ConcurrentHashMap<>();
    /** Failed attempts per server whose service has a {@link PassiveCheck}: entries kept by the checker thread. */
    private final Map<ServerKey, FailedAttempts> failedAttempts = new ConcurrentHashMap<>();

    public HealthChecker(HealthSettings settings, HealthListener listener, HealthMetrics metrics) {
        this.settings = requireNonNull(settings, "settings");
        this.metrics = requireNonNull(metrics, "metrics");
        this.transport = new ProbeTransport(THREAD_NAME);
        this.publisher = new ViewPublisher(transport, new ChangeAnnouncer(listener, metrics), watches);
    }

    /** The current health of every watched server; never null. */
    public HealthView view() {
        return publisher.view();
    }

    /**
     * Makes {@code targets} the watched set, shortly after this call returns: removed servers stop being probed,
     * new ones start after a random delay within their interval, unchanged ones keep their state and schedule. A
     * server whose URL changed starts over; one whose health check or transport TLS changed keeps its state and
     * restarts probing.
     * Either is told to the listener when it changes the server's state.
     *
     * @throws IllegalArgumentException if two targets share a key
     */
    public void update(Set<ProbeTarget> targets) {
        Map<ServerKey, ProbeTarget> byKey = byKey(requireNonNull(targets, "targets"));
        transport.execute(() -> apply(byKey));
    }

    /**
     * As {@link #update} for the services named in {@code targets} only: each one's watched servers become its
     * targets (none: it is no longer watched), the other services' stay as they are. A change of a few services
     * costs those services, not every server.
     *
     * @throws IllegalArgumentException if two targets share a key or a target belongs to another service
     */
    public void updateServices(Map<String, Set<ProbeTarget>> targets) {
        requireNonNull(targets, "targets");
        Map<String, Map<ServerKey, ProbeTarget>> byService = new HashMap<>();
        targets.forEach((service, serviceTargets) -> {
            for (ProbeTarget target : serviceTargets) {
                if (!target.key().service().equals(service)) {
                    throw new IllegalArgumentException("targets of service " + service + ": server " + target.key()
                            + " (expected: servers of that service)");
                }
            }
            byService.put(service, byKey(serviceTargets));
        });
        transport.execute(() -> applyServices(byService));
    }

    private static Map<ServerKey, ProbeTarget> byKey(Set<ProbeTarget> targets) {
        Map<ServerKey, ProbeTarget> byKey = new HashMap<>();
        for (ProbeTarget target : targets) {
            ProbeTarget other = byKey.put(target.key(), target);
            if (other != null) {
                throw new IllegalArgumentException(Secrets.hideUrlCredentials("targets: server " + target.key()
                        + " twice (" + other.url() + " and " + target.url() + "; expected: one target per server)"));
            }
        }
        return byKey;
    }

    /**
     * The proxy failed to reach {@code key}: eject it unless it already is. The caller decides what counts (a refused
     * connection, a timeout); one report ejects, or with its service's {@link PassiveCheck} the
     * {@code maxFailedAttempts}-th failed attempt within the window. A server the checker does not watch is ignored.
     */
    @Override
    public void reportFailure(ServerKey key, String reason) {
        requireNonNull(key, "key");
        requireNonNull(reason, "reason");
        FailedAttempts attempts = failedAttempts.get(key);
        if (attempts == null) {
            ejectSoon(key, reason);
            return;
        }
        int failed = attempts.failed(System.nanoTime());
        if (failed == 0) {
            log.debug("server {} failed an attempt: {}", key, reason);
            return;
        }
        ejectSoon(key, failed + " failed attempts within passiveHealthCheck's failureWindow "
                + GoDuration.format(attempts.check().failureWindow()) + ", the last: " + reason);
    }

    /**
     * {@code key} answered with a status of 500 or more: a failed attempt when its service has a {@link PassiveCheck}
     * (as Traefik's passive health check counts it), else an answer like any other.
     */
    @Override
    public void reportServerError(ServerKey key, int status) {
        requireNonNull(key, "key");
        if (failedAttempts.containsKey(key)) {
            reportFailure(key, "answered " + status);
        } else {
            reportSuccess(key);
        }
    }

    private void ejectSoon(ServerKey key, String reason) {
        Optional<ServerHealth> health = publisher.view().server(key);
        if (health.isEmpty() || health.get().ejection().filter(e -> e.holdsAt(clock.instant())).isPresent()) {
            return;
        }
        transport.execute(() -> eject(key, reason));
    }

    /**
     * {@code key} did not send response headers in time: the {@link HealthSettings#timeoutsToEject()}-th timeout in a
     * row (no answer from it in between) ejects it. A server the checker does not watch is ignored.
     */
    @Override
    public void reportTimeout(ServerKey key, String reason) {
        requireNonNull(key, "key");
        requireNonNull(reason, "reason");
        if (publisher.view().server(key).isEmpty()) {
            return;
        }
        int inARow = timeoutsInARow.merge(key, 1, Integer::sum);
        if (inARow < settings.timeoutsToEject()) {
            log.debug("server {} timed out ({} in a row): {}", key, inARow, reason);
            return;
        }
        timeoutsInARow.remove(key);
        reportFailure(key, inARow + " timeouts in a row, the last: " + reason);
    }

    /**
     * A proxied request to {@code key} was answered: its timeouts in a row start over, and its next ejection starts
     * from the first backoff again.
     */
    @Override
    public void reportSuccess(ServerKey key) {
        requireNonNull(key, "key");
        FailedAttempts attempts = failedAttempts.get(key);
        if (attempts != null) {
            attempts.answered();
        }
        if (!timeoutsInARow.isEmpty()) {
            timeoutsInARow.remove(key);
        }
        Optional<ServerHealth> health = publisher.view().server(key);
        if (health.isEmpty() || health.get().ejectionStreak() == 0) {
            return;
        }
        transport.execute(() -> {
            ServerWatch watch = watches.get(key);
            if (watch != null && watch.health.ejectionStreak() > 0) {
                watch.health = watch.health.passiveSuccess();
                publisher.now(key, Optional.empty());
            }
        });
    }

    @Override
    public boolean isFailing(ServerKey key) {
        return !publisher.view().isUsable(key, clock.instant());
    }

    /**
     * Stops probing and timers and closes every probe connection; the last view stays readable and later calls
     * change nothing.
     */
    @Override
    public void close() {
        transport.close();
    }

    private void apply(Map<ServerKey, ProbeTarget> targets) {
        Instant now = clock.instant();
        List<HealthChange> changes = new ArrayList<>();
        for (Iterator<ServerWatch> it = watches.values().iterator(); it.hasNext(); ) {
            ServerWatch watch = it.next();
            if (!targets.containsKey(watch.key())) {
                stopWatching(watch);
                it.remove();
            }
        }
        timeoutsInARow.keySet().retainAll(targets.keySet());
        failedAttempts.keySet().retainAll(targets.keySet());
        targets.values().forEach(target -> watch(target, now, changes));
        publisher.nowAll(changes);
    }

    private void applyServices(Map<String, Map<ServerKey, ProbeTarget>> byService) {
        Instant now = clock.instant();
        List<HealthChange> changes = new ArrayList<>();
        byService.forEach((service, targets) -> {
            // Every non-empty server id sorts at or after "\0": the service's watches start here.
            Iterator<ServerWatch> it = watches.tailMap(new ServerKey(service, "\0"), true).values().iterator();
            while (it.hasNext()) {
                ServerWatch watch = it.next();
                if (!watch.key().service().equals(service)) {
                    break;
                }
                if (!targets.containsKey(watch.key())) {
                    stopWatching(watch);
                    it.remove();
                    timeoutsInARow.remove(watch.key());
                    failedAttempts.remove(watch.key());
                }
            }
            targets.values().forEach(target -> watch(target, now, changes));
        });
        publisher.now(byService.keySet(), changes);
    }

    /** Starts watching {@code target}, or carries its watch over to a new URL or health check. */
    private void watch(ProbeTarget target, Instant now, List<HealthChange> changes) {
        Optional<PassiveCheck> passive = target.passiveCheck();
        if (passive.isEmpty()) {
            failedAttempts.remove(target.key());
        } else if (!Optional.ofNullable(failedAttempts.get(target.key())).map(FailedAttempts::check).equals(passive)) {
            failedAttempts.put(target.key(), new FailedAttempts(passive.get()));
        }
        ServerWatch watch = watches.get(target.key());
        if (watch == null) {
            startWatching(target, now);
        } else if (!target.url().equals(watch.url)) {
            stopWatching(watch);
            ServerWatch replacement = startWatching(target, now);
            HealthChange.between(watch.health, replacement.health, ChangeReasons.urlChanged(watch.url))
                    .ifPresent(changes::add);
        } else if (!watch.target.equals(target)) {
            respec(watch, target, now).ifPresent(changes::add);
        }
    }

    private ServerWatch startWatching(ProbeTarget target, Instant now) {
        Optional<HealthCheck> spec = target.healthCheck();
        ServerWatch watch = new ServerWatch(target, spec,
                ServerHealth.initial(target.key(), target.url(), spec.isPresent(), now));
        watches.put(target.key(), watch);
        startProbing(watch);
        return watch;
    }

    private void stopWatching(ServerWatch watch) {
        watch.stop();
        metrics.removed(watch.key());
        log.debug("stopped watching server {} of service {}", Secrets.hideUrlCredentials(watch.url),
                watch.key().service());
    }

    private Optional<HealthChange> respec(ServerWatch watch, ProbeTarget target, Instant now) {
        boolean exchangeChanged = !target.tls().equals(watch.target.tls())
                || !target.tcpCheck().equals(watch.target.tcpCheck())
                || target.tcpOverTls() != watch.target.tcpOverTls();
        watch.target = target;
        Optional<HealthCheck> spec = target.healthCheck();
        if (spec.equals(watch.probedSpec)) {
            if (exchangeChanged && spec.isPresent()) {
                watch.stopProbing();
                startProbing(watch);
            }
            return Optional.empty();
        }
        watch.stopProbing();
        watch.probedSpec = spec;
        ServerHealth before = watch.health;
        watch.health = spec.isPresent() ? before.withActiveCheck(now) : before.withoutActiveCheck(now);
        startProbing(watch);
        return HealthChange.between(before, watch.health, ChangeReasons.checkRemoved());
    }

    private void startProbing(ServerWatch watch) {
        watch.probedSpec.ifPresent(spec -> {
            watch.prober = Prober.of(watch.target, spec, transport, clock);
            scheduleProbe(watch, ProbeSchedule.firstDelay(spec).toNanos());
        });
    }

    private void scheduleProbe(ServerWatch watch, long delayNanos) {
        int generation = watch.generation;
        watch.nextProbe = transport.schedule(() -> probe(watch, generation), delayNanos);
    }

    private void probe(ServerWatch watch, int generation) {
        if (!isCurrent(watch, generation)) {
            return;
        }
        watch.nextProbe = null;
        watch.sentAt = System.nanoTime();
        watch.prober.probe(result -> onProbed(watch, generation, result));
    }

    private void onProbed(ServerWatch watch, int generation, ProbeResult result) {
        if (!isCurrent(watch, generation)) {
            return;
        }
        metrics.probed(watch.key(), result);
        ServerHealth before = watch.health;
        watch.health = before.afterProbe(result, settings, clock.instant());
        Optional<HealthChange> change = before.state() == watch.health.state() ? Optional.empty()
                : HealthChange.between(before, watch.health, ChangeReasons.afterProbe(before, watch.health, result));
        publisher.soon(watch.key(), change);
        if (change.isEmpty()) {
            if (!result.healthy()) {
                log.debug("probe of server {} of service {} failed ({} in a row): {}",
                        Secrets.hideUrlCredentials(watch.url), watch.key().service(),
                        watch.health.consecutiveFailures(), Secrets.hideUrlCredentials(result.describe()));
            }
        }
        HealthCheck spec = watch.probedSpec.orElseThrow();
        long due = watch.sentAt + ProbeSchedule.nextDelay(spec, watch.health.probeState()).toNanos();
        scheduleProbe(watch, Math.max(0, due - System.nanoTime()));
    }

    private void eject(ServerKey key, String reason) {
        ServerWatch watch = watches.get(key);
        Instant now = clock.instant();
        if (watch == null || watch.health.ejection().filter(e -> e.holdsAt(now)).isPresent()) {
            return;
        }
        ServerHealth before = watch.health;
        Optional<PassiveCheck> passive = watch.target.passiveCheck();
        watch.health = passive.isPresent() ? before.ejected(reason, passive.get().failureWindow(), now)
                : before.ejected(reason, settings, now);
        Ejection ejection = watch.health.ejection().orElseThrow();
        metrics.ejected(key, ejection);
        watch.cancelEjectionEnd();
        watch.ejectionEnd = transport.schedule(() -> endEjection(watch, ejection), ejection.backoff().toNanos());
        if (before.state() != watch.health.state()) {
            publisher.now(key, HealthChange.between(before, watch.health, ChangeReasons.ejected(ejection)));
        } else {
            publisher.now(key, Optional.empty());
            log.info("server {} of service {} ejected while {} {}", Secrets.hideUrlCredentials(watch.url),
                    key.service(), watch.health.state(), ChangeReasons.ejected(ejection));
        }
    }

    private void endEjection(ServerWatch watch, Ejection ejection) {
        if (watches.get(watch.key()) != watch || !watch.health.ejection().equals(Optional.of(ejection))) {
            return;
        }
        watch.ejectionEnd = null;
        ServerHealth before = watch.health;
        watch.health = before.ejectionEnded(clock.instant());
        publisher.now(watch.key(), before.state() == watch.health.state() ? Optional.empty()
                : HealthChange.between(before, watch.health, ChangeReasons.ejectionEnded(ejection)));
    }

    private boolean isCurrent(ServerWatch watch, int generation) {
        return !transport.isClosed() && !watch.stopped && watch.generation == generation;
    }
}
