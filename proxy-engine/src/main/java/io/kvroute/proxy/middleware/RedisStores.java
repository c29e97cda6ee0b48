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
 * <p>An instance is what one proxy serves: its snapshot builds run in {@link #building}, {@link #serve} is told the
 * router chains of each snapshot it swaps in, once, after the swap (chains record the stores they were built with, so
 * a chain kept from the snapshot before counts as it did), and {@link #close} when the proxy stops. A store a build
 * took is pending until that proxy's next {@link #serve} (or the build failed, or the proxy closed), however long the
 * build takes. A store that no instance serves any more and no build holds pending is closed {@link #RELEASE_GRACE}
 * after it was last released (or, taken outside a build, last taken): requests in flight on the snapshot before have
 * had that long to take their token. A later request of a chain that still holds a closed store goes to the current
 * store for its settings (opened again), so a slow request is never answered 500 for it. Nothing here runs per
 * request; {@link #serve} and chain builds take one lock.
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
    /** The instance whose build runs on this thread ({@link #building}). */
    private static final ThreadLocal<RedisStores> BUILDING = new ThreadLocal<>();

    /** The stores this proxy's serving snapshot uses. Guarded by {@link #LOCK}. */
    private Set<RedisTokenBuckets> serving = Set.of();
    /** The stores this proxy's builds took since its last {@link #serve}. Guarded by {@link #LOCK}. */
    private final Set<RedisTokenBuckets> pending = new HashSet<>();
    /** Set by {@link #close}: a build that outlived it serves nothing. Guarded by {@link #LOCK}. */
    private boolean closed;

    /**
     * A store, how many proxies serve it, how many hold it pending, and when it was last released or taken outside a
     * build ({@link System#nanoTime()}): its grace starts then.
     */
    private static final class Kept {
        final RedisTokenBuckets store;
        int servedBy;
        int pendingIn;
        long releasedAt;

        Kept(RedisTokenBuckets store) {
            this.store = store;
        }
    }

    /**
     * The store for {@code settings}, made when there is none; a chain is being built with it: held pending by the
     * build running on this thread ({@link #building}), if any.
     */
    static RedisTokenBuckets acquire(RedisStoreSettings settings) {
        requireNonNull(settings, "settings");
        RedisStores build = BUILDING.get();
        synchronized (LOCK) {
            Kept kept = KEPT.get(settings);
            if (kept == null) {
                kept = new Kept(new RedisTokenBuckets(settings));
                KEPT.put(settings, kept);
                closeWhenUnused(settings, RELEASE_GRACE.toNanos());
            }
            if (build != null && !build.closed) {
                if (build.pending.add(kept.store)) {
                    kept.pendingIn++;
                }
            } else {
                kept.releasedAt = System.nanoTime();
            }
            return kept.store;
        }
    }

    /**
     * Runs the build of a snapshot this proxy is to serve: the stores its chains take stay pending until the
     * {@link #serve} it ends with; when it fails, they are released.
     */
    public void building(Runnable build) {
        BUILDING.set(this);
        try {
            build.run();
        } finally {
            BUILDING.remove();
            synchronized (LOCK) {
                releasePending();
            }
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
        if (!CHAINS.isEmpty()) {
            for (HttpHandler chain : chains) {
                Set<RedisTokenBuckets> stores = CHAINS.get(chain);
                if (stores != null) {
                    used.addAll(stores);
                }
            }
        }
        synchronized (LOCK) {
            if (!closed) {
                replace(used);
            }
            releasePending();
        }
    }

    /** This proxy serves nothing any more; a build still running serves nothing either. */
    @Override
    public void close() {
        synchronized (LOCK) {
            replace(Set.of());
            closed = true;
            releasePending();
        }
    }

    /** The stores this proxy's builds took are no longer pending: their grace starts now. */
    private void releasePending() {
        for (RedisTokenBuckets store : pending) {
            Kept kept = KEPT.get(store.settings());
            if (kept != null && kept.store == store) {
                kept.releasedAt = System.nanoTime();
                if (--kept.pendingIn == 0 && kept.servedBy == 0) {
                    closeWhenUnused(store.settings(), RELEASE_GRACE.toNanos());
                }
            }
        }
        pending.clear();
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
        RedisTokenBuckets.LettuceThreads.SHARED.eventExecutorGroup().schedule(
                () -> closeIfUnused(settings, System.nanoTime()), nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Closes the store of {@code settings} if, at {@code now} ({@link System#nanoTime()}), no proxy serves it, no build
     * holds it pending and its grace is over.
     */
    static void closeIfUnused(RedisStoreSettings settings, long now) {
        RedisTokenBuckets unused;
        synchronized (LOCK) {
            Kept kept = KEPT.get(settings);
            if (kept == null || kept.servedBy > 0 || kept.pendingIn > 0) {
                return;
            }
            long left = kept.releasedAt + RELEASE_GRACE.toNanos() - now;
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
