package io.kvroute.proxy.config;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kvroute.kv.config.ConfigDecoder;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.LayoutChoice;
import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.PrefixWatcher;
import io.kvroute.kv.store.StoreStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a root in the store and hands every new decoded configuration to a listener: the v2/v3 keys under
 * {@code P} (a plain prefix, as Traefik lists it) and the v1 keys Traefik 1.x writes on etcd under {@code /P/}.
 * Each watch event only means "re-read"; both roots are decoded together so a change is one new configuration.
 * While the store is unreachable nothing is delivered: the proxy keeps serving its last configuration and is told
 * through {@link Listener#storeStatusChanged}.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    /** Receives decoded configurations and store status transitions, one call at a time. */
    public interface Listener {
        void configChanged(DecodedConfig config, ConfigStamp stamp);

        void storeStatusChanged(StoreStatus status, String store);
    }

    private final KvStore store;
    private final String prefix;
    private final String storeName;
    private final Listener listener;
    private final Clock clock;
    private final Object lock = new Object();
    @GuardedBy("lock")
    private KvSnapshot dynamicRoot;
    @GuardedBy("lock")
    private KvSnapshot v1Root;
    @GuardedBy("lock")
    private List<KvPair> delivered;
    @GuardedBy("lock")
    private StoreStatus dynamicStatus;
    @GuardedBy("lock")
    private StoreStatus v1Status;
    @GuardedBy("lock")
    private StoreStatus reported;
    private final List<PrefixWatcher> watchers = new ArrayList<>();

    private ConfigWatcher(KvStore store, String prefix, Listener listener, Clock clock) {
        this.store = store;
        this.prefix = prefix;
        this.storeName = store.describe();
        this.listener = listener;
        this.clock = clock;
    }

    /** Starts watching {@code prefix} ({@code traefik}) in {@code store}. */
    public static ConfigWatcher start(KvStore store, String prefix, Listener listener) {
        requireNonNull(store, "store");
        String bare = KvRoot.dynamicRoot(requireNonNull(prefix, "prefix"));
        ConfigWatcher watcher = new ConfigWatcher(store, bare, requireNonNull(listener, "listener"), Clock.systemUTC());
        watcher.watchers.add(PrefixWatcher.start(store, bare, watcher.rootListener(true)));
        watcher.watchers.add(PrefixWatcher.start(store, v1Root(bare), watcher.rootListener(false)));
        return watcher;
    }

    private PrefixWatcher.Listener rootListener(boolean dynamic) {
        return new PrefixWatcher.Listener() {
            @Override
            public void snapshot(KvSnapshot snapshot) {
                synchronized (lock) {
                    if (dynamic) {
                        dynamicRoot = newer(dynamicRoot, snapshot);
                    } else {
                        v1Root = newer(v1Root, snapshot);
                    }
                    catchUp();
                    deliverIfChanged();
                }
            }

            @Override
            public void historyReset(KvSnapshot snapshot, long previousRevision) {
                synchronized (lock) {
                    if (dynamic) {
                        dynamicRoot = snapshot;
                    } else {
                        v1Root = snapshot;
                    }
                    rereadAfterReset(!dynamic);
                    deliverIfChanged();
                }
            }

            @Override
            public void status(StoreStatus status) {
                synchronized (lock) {
                    if (dynamic) {
                        dynamicStatus = status;
                    } else {
                        v1Status = status;
                    }
                    reportStatus();
                }
            }
        };
    }

    /** The prefix Traefik 1.x's keys on etcd lie under: {@code /traefik/}. */
    private static String v1Root(String bare) {
        return KvRoot.etcdV1Root(bare) + "/";
    }

    private static KvSnapshot newer(KvSnapshot known, KvSnapshot arrived) {
        return known == null || arrived.revision() >= known.revision() ? arrived : known;
    }

    /**
     * The two roots are watched separately, so one may be read at a later revision than the other, whose
     * watch event for a change in between may still be on its way. Reads the lagging root again, so the configuration
     * holds every change up to the revision it is stamped with; if that read fails, the stamp stays the older one.
     */
    @GuardedBy("lock")
    private void catchUp() {
        if (dynamicRoot == null || v1Root == null || dynamicRoot.revision() == v1Root.revision()) {
            return;
        }
        boolean dynamicLags = dynamicRoot.revision() < v1Root.revision();
        Optional<KvSnapshot> reread = reread(dynamicLags, "the lagging root");
        if (reread.isPresent() && dynamicLags) {
            dynamicRoot = newer(dynamicRoot, reread.get());
        } else if (reread.isPresent()) {
            v1Root = newer(v1Root, reread.get());
        }
    }

    /**
     * After the store's history went back, the other root's snapshot belongs to the old history, and a
     * newer-revision rule would keep it forever: it is read again and taken as it is. If that read fails, the old one
     * stays until the other root's watcher reports the reset itself.
     */
    @GuardedBy("lock")
    private void rereadAfterReset(boolean dynamic) {
        if (dynamic ? dynamicRoot == null : v1Root == null) {
            return;
        }
        Optional<KvSnapshot> reread = reread(dynamic, "the other root after a history reset");
        if (reread.isPresent() && dynamic) {
            dynamicRoot = reread.get();
        } else if (reread.isPresent()) {
            v1Root = reread.get();
        }
    }

    /** One root read again, or empty (logged) if the store does not answer. */
    private Optional<KvSnapshot> reread(boolean dynamic, String which) {
        try {
            return Optional.of(store.list(dynamic ? prefix : v1Root(prefix)));
        } catch (KvStoreException e) {
            LOG.debug("re-reading {} of {} failed: {}", which, storeName, e.getMessage());
            return Optional.empty();
        }
    }

    /** Decodes once both roots have been read, and only when the pairs differ from the last delivery. */
    @GuardedBy("lock")
    private void deliverIfChanged() {
        if (dynamicRoot == null || v1Root == null) {
            return;
        }
        List<KvPair> pairs = new ArrayList<>(dynamicRoot.pairs());
        pairs.addAll(v1Root.pairs());
        if (pairs.equals(delivered)) {
            return;
        }
        delivered = pairs;
        long revision = Math.min(dynamicRoot.revision(), v1Root.revision());
        DecodedConfig config = ConfigDecoder.decode(pairs, prefix, LayoutChoice.AUTO);
        LOG.debug("configuration at revision {} of {}: {} keys, {} problems", revision, storeName, pairs.size(),
                config.problems().size());
        listener.configChanged(config, new ConfigStamp(revision, Instant.now(clock), pairs.size()));
    }

    /** The store counts as available only while both roots read fine. */
    @GuardedBy("lock")
    private void reportStatus() {
        StoreStatus combined = dynamicStatus instanceof StoreStatus.Unavailable ? dynamicStatus
                : v1Status instanceof StoreStatus.Unavailable ? v1Status
                : dynamicStatus != null && v1Status != null ? dynamicStatus : null;
        if (combined == null || sameKind(combined, reported)) {
            return;
        }
        reported = combined;
        listener.storeStatusChanged(combined, storeName);
    }

    private static boolean sameKind(StoreStatus a, StoreStatus b) {
        return b != null && a.getClass() == b.getClass();
    }

    @Override
    public void close() {
        watchers.forEach(PrefixWatcher::close);
    }
}
