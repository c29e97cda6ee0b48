package io.kvroute.proxy.middleware;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.MapMaker;
import io.undertow.server.HttpHandler;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * rateLimit's Redis stores ({@link RedisTokenBuckets}), one per distinct {@link RedisStoreSettings} in the process,
 * kept while a served chain uses them and closed after: a password changed in the store, or a middleware removed,
 * leaves no connection open to the Redis it used.
 *
 * <p>An instance is what one proxy serves: {@link #serve} is told the router chains of each snapshot it swaps in, once,
 * after the swap (chains record the stores they were built with, so a chain kept from the snapshot before counts as
 * it did), and {@link #close} when the proxy stops. A store that no instance serves any more, and that no chain was
 * built with for {@link #RELEASE_GRACE}, is closed: requests in flight on the snapshot before have had that long to
 * take their token, and a chain built but not yet served is not closed under it. A later request of a chain that still
 * holds a closed store goes to the current store for its settings (opened again), so a slow request is never answered
 * 500 for it. Nothing here runs per request; {@link #serve} and chain builds take one lock.
 */
public final class RedisStores implements AutoCloseable {
    /** How long a store no served chain uses is kept before its connection is closed. */
    static final Duration RELEASE_GRACE = Duration.ofSeconds(5);
    private static final Object LOCK = new Object();
    /** The stores of the process, by settings. Guarded by {@link #LOCK}. */
    private static final Map<RedisStoreSettings, Kept> KEPT = new HashMap<>();
    /** The stores each built chain uses, by its handler (identity), forgotten with the handler. */
    private static final ConcurrentMap<HttpHandler, Set<RedisTokenBuckets>> CHAINS = new MapMaker().weakKeys()
            .makeMap();

    /** The stores this proxy's serving snapshot uses. Guarded by {@link #LOCK}. */
    private Set<RedisTokenBuckets> serving = Set.of();

    /** A store, how many proxies serve it, and when a chain was last built with it ({@link System#nanoTime()}). */
    private static final class Kept {
        final RedisTokenBuckets store;
        int servedBy;
        long builtAt;

        Kept(RedisTokenBuckets store) {
            this.store = store;
        }
    }

    /** The store for {@code settings}, made when there is none; a chain is being built with it. */
    static RedisTokenBuckets acquire(RedisStoreSettings settings) {
        requireNonNull(settings, "settings");
        synchronized (LOCK) {
            Kept kept = KEPT.get(settings);
            if (kept == null) {
                kept = new Kept(new RedisTokenBuckets(settings));
                KEPT.put(settings, kept);
                closeWhenUnused(settings, RELEASE_GRACE.toNanos());
            }
            kept.builtAt = System.nanoTime();
            return kept.store;
        }
    }

    /** Records that the chain {@code handler} uses {@code stores}. */
    static void chainUses(HttpHandler handler, Collection<RedisTokenBuckets> stores) {
        if (!stores.isEmpty()) {
            CHAINS.put(requireNonNull(handler, "handler"), Set.copyOf(stores));
        }
    }

    /** This proxy now serves {@code chains} (every router chain of the snapshot just swapped in). */
    public void serve(Collection<HttpHandler> chains) {
        Set<RedisTokenBuckets> used = new HashSet<>();
        chains.forEach(chain -> used.addAll(CHAINS.getOrDefault(chain, Set.of())));
        synchronized (LOCK) {
            replace(used);
        }
    }

    /** This proxy serves nothing any more. */
    @Override
    public void close() {
        synchronized (LOCK) {
            replace(Set.of());
        }
    }

    private void replace(Set<RedisTokenBuckets> used) {
        for (RedisTokenBuckets store : used) {
            Kept kept = KEPT.get(store.settings());
            if (!serving.contains(store) && kept != null && kept.store == store) {
                kept.servedBy++;
            }
        }
        for (RedisTokenBuckets store : serving) {
            Kept kept = KEPT.get(store.settings());
            if (!used.contains(store) && kept != null && kept.store == store && --kept.servedBy == 0) {
                closeWhenUnused(store.settings(), RELEASE_GRACE.toNanos());
            }
        }
        serving = Set.copyOf(used);
    }

    /** Looks at the store of {@code settings} again in {@code nanos}: closes it if still unused by then. */
    private static void closeWhenUnused(RedisStoreSettings settings, long nanos) {
        RedisTokenBuckets.LettuceThreads.SHARED.eventExecutorGroup().schedule(() -> closeIfUnused(settings), nanos,
                TimeUnit.NANOSECONDS);
    }

    private static void closeIfUnused(RedisStoreSettings settings) {
        RedisTokenBuckets unused;
        synchronized (LOCK) {
            Kept kept = KEPT.get(settings);
            if (kept == null || kept.servedBy > 0) {
                return;
            }
            long left = kept.builtAt + RELEASE_GRACE.toNanos() - System.nanoTime();
            if (left > 0) {
                closeWhenUnused(settings, left);
                return;
            }
            KEPT.remove(settings);
            unused = kept.store;
        }
        unused.close();
    }
}
