package io.kvroute.agent.registration;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.layout.Layout;
import io.kvroute.kv.layout.ServerId;
import io.kvroute.kv.store.Backoff;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link Registrar} keeps its keys alive.
 *
 * @param node            this agent's node name ({@code --node-name}); server ids {@code <node>--...} are its own
 * @param layout          the key layout it writes, said in its status key so that proxies of another see it
 * @param watchedPrefixes the roots every desired key lives under ({@code traefik/}, {@code /traefik/} for v1 on
 *                        etcd); they are listed on every reconcile and watched for deletions
 * @param lease           the lease TTL (how long its keys outlive a crash) and the periodic backstop reconcile
 * @param retryBackoff    delays between attempts while the store fails; its maximum bounds how late the agent
 *                        notices a store that came back
 */
public record RegistrarSettings(String node, Layout layout, List<String> watchedPrefixes, LeaseTiming lease,
        Backoff retryBackoff) {
    /** 100 ms doubling up to 1 s, so a returning store is used within about a second. */
    public static final Backoff DEFAULT_RETRY_BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    public RegistrarSettings {
        ServerId.requireNodeName(node);
        requireNonNull(layout, "layout");
        watchedPrefixes = List.copyOf(requireNonNull(watchedPrefixes, "watchedPrefixes"));
        requireNonNull(lease, "lease");
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
    }

    /** {@code lease} and the default retry backoff for {@code node} of the v3 layout and its prefixes. */
    public static RegistrarSettings of(String node, LeaseTiming lease, String... watchedPrefixes) {
        return new RegistrarSettings(node, Layout.V3, List.of(watchedPrefixes), lease, DEFAULT_RETRY_BACKOFF);
    }

    /** These settings for an agent writing {@code layout}. */
    public RegistrarSettings withLayout(Layout layout) {
        return new RegistrarSettings(node, layout, watchedPrefixes, lease, retryBackoff);
    }

    /** True when {@code key} lies under one of the watched prefixes. */
    public boolean watches(String key) {
        return watchedPrefixes.stream().anyMatch(key::startsWith);
    }
}
