package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.store.Backoff;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link Registrar} keeps its keys alive.
 *
 * @param node              this agent's node name ({@code --node-name}); server ids {@code <node>--...} are its own
 * @param watchedPrefixes   the roots every desired key lives under ({@code traefik/}, {@code /traefik/} for v1 on
 *                          etcd); they are listed on every reconcile and watched for deletions
 * @param leaseTtl          TTL of the agent's lease: how long its keys outlive a crash
 * @param reconcileInterval the periodic backstop reconcile, on top of the event-driven ones
 * @param retryBackoff      delays between attempts while the store fails; its maximum bounds how late the agent
 *                          notices a store that came back
 */
public record RegistrarSettings(String node, List<String> watchedPrefixes, Duration leaseTtl,
        Duration reconcileInterval, Backoff retryBackoff) {
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(30);
    /** 100 ms doubling up to 1 s, so a returning store is used within about a second. */
    public static final Backoff DEFAULT_RETRY_BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    public RegistrarSettings {
        ServerId.requireNodeName(node);
        watchedPrefixes = List.copyOf(requireNonNull(watchedPrefixes, "watchedPrefixes"));
        requireNonNull(leaseTtl, "leaseTtl");
        requireNonNull(reconcileInterval, "reconcileInterval");
        requireNonNull(retryBackoff, "retryBackoff");
        if (watchedPrefixes.isEmpty()) {
            throw new IllegalArgumentException("watchedPrefixes: none (expected: at least one, e.g. traefik/)");
        }
        for (String prefix : watchedPrefixes) {
            if (prefix.isEmpty() || !prefix.endsWith("/")) {
                throw new IllegalArgumentException("watched prefix: \"" + prefix
                        + "\" (expected: non-empty, ending in /)");
            }
        }
        if (leaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("leaseTtl: " + leaseTtl + " (expected: >= 1s)");
        }
        if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new IllegalArgumentException("reconcileInterval: " + reconcileInterval + " (expected: > 0)");
        }
    }

    /** Defaults for everything but the node and its prefixes. */
    public static RegistrarSettings of(String node, String... watchedPrefixes) {
        return new RegistrarSettings(node, List.of(watchedPrefixes), DEFAULT_LEASE_TTL, DEFAULT_RECONCILE_INTERVAL,
                DEFAULT_RETRY_BACKOFF);
    }

    public RegistrarSettings withLeaseTtl(Duration ttl) {
        return new RegistrarSettings(node, watchedPrefixes, ttl, reconcileInterval, retryBackoff);
    }

    public RegistrarSettings withReconcileInterval(Duration interval) {
        return new RegistrarSettings(node, watchedPrefixes, leaseTtl, interval, retryBackoff);
    }

    /** True when {@code key} lies under one of the watched prefixes. */
    public boolean watches(String key) {
        return watchedPrefixes.stream().anyMatch(key::startsWith);
    }
}
