package io.kvroute.proxy.config;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kvroute.kv.config.DecodedConfig;
import io.kvroute.kv.config.IncrementalConfig;
import io.kvroute.kv.layout.keys.KvRoot;
import io.kvroute.kv.rule.RuleSyntax;
import io.kvroute.kv.store.KvChanges;
import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvSnapshot;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.PrefixWatcher;
import io.kvroute.kv.store.StoreStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a root in the store and hands every new decoded configuration to a listener: the v2/v3 keys under
 * {@code P} (a plain prefix, as Traefik lists it) and the v1 keys Traefik 1.x writes on etcd under {@code /P/}.
 * Both roots make one configuration, kept per entity ({@link IncrementalConfig}): the changes a watch reports (etcd)
 * are applied as they are, and a list (the first, and those after a watch ended, a history reset or, on stores whose
 * watches only signal, every change) is compared with what the root held before and applied as the keys it changed,
 * so a change costs what it touches whether it came from a watch event or a re-list. While the store is unreachable
 * nothing is delivered: the proxy keeps serving its last configuration and is told through
 * {@link Listener#storeStatusChanged}.
 *
 * <p>A configuration is stamped with the lower of the two roots' revisions: it holds every change up to that
 * revision. Each change is delivered at once; then the root that lags behind the other is read again, off the
 * lock, and the configuration delivered once more if that moved its stamp on (see {@link #catchUp}).
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    /** Receives decoded configurations and store status transitions, one call at a time. */
    public interface Listener {
        void configChanged(DecodedConfig config, ConfigStamp stamp);

        void storeStatusChanged(StoreStatus status, String store);
    }

    /**
     * A root to read again because it lags behind the other, and how many history resets had been taken when it was
     * found lagging: a read that a reset overtook belongs to the old history and is dropped.
     */
    private record Lagging(boolean dynamic, long resets) {
    }

    /** What one root held as last read or changed: its pairs and the revision they are at (-1: not read yet). */
    private static final class Root {
        final Map<String, String> pairs = new HashMap<>();
        long revision = -1;

        boolean isRead() {
            return revision >= 0;
        }
    }

    private final KvStore store;
    private final String prefix;
    private final String storeName;
    private final Listener listener;
    private final Clock clock;
    private final Object lock = new Object();
    @GuardedBy("lock")
    private final Root dynamicRoot = new Root();
    @GuardedBy("lock")
    private final Root v1Root = new Root();
    @GuardedBy("lock")
    private final IncrementalConfig config;
    @GuardedBy("lock")
    private DecodedConfig delivered;
    /** The revision of the last configuration delivered; -1 before the first. */
    @GuardedBy("lock")
    private long deliveredRevision = -1;
    /** How many times a root's history went back ({@link #listedAfterReset}). */
    @GuardedBy("lock")
    private long resets;
    @GuardedBy("lock")
    private StoreStatus dynamicStatus;
    @GuardedBy("lock")
    private StoreStatus v1Status;
    @GuardedBy("lock")
    private StoreStatus reported;
    private final List<PrefixWatcher> watchers = new ArrayList<>();

    private ConfigWatcher(KvStore store, String prefix, RuleSyntax ruleSyntax, Listener listener, Clock clock) {
        this.store = store;
        this.prefix = prefix;
        this.storeName = store.describe();
        this.listener = listener;
        this.clock = clock;
        this.config = new IncrementalConfig(prefix, ruleSyntax);
    }

    /**
     * Starts watching {@code prefix} ({@code traefik}) in {@code store}; the rules of routers without
     * {@code ruleSyntax} are in {@code ruleSyntax} (v3, or v2 for a store written for Traefik v2).
     */
    public static ConfigWatcher start(KvStore store, String prefix, RuleSyntax ruleSyntax, Listener listener) {
        requireNonNull(store, "store");
        String bare = KvRoot.dynamicRoot(requireNonNull(prefix, "prefix"));
        ConfigWatcher watcher = new ConfigWatcher(store, bare, requireNonNull(ruleSyntax, "ruleSyntax"),
                requireNonNull(listener, "listener"), Clock.systemUTC());
        watcher.watchers.add(PrefixWatcher.start(store, bare, watcher.rootListener(true)));
        watcher.watchers.add(PrefixWatcher.start(store, v1Root(bare), watcher.rootListener(false)));
        return watcher;
    }

    private PrefixWatcher.ChangeListener rootListener(boolean dynamic) {
        return new PrefixWatcher.ChangeListener() {
            @Override
            public void snapshot(KvSnapshot snapshot) {
                listed(dynamic, snapshot);
            }

            @Override
            public void changed(KvChanges reported) {
                changesReported(dynamic, reported);
            }

            @Override
            public void historyReset(KvSnapshot snapshot, long previousRevision) {
                listedAfterReset(dynamic, snapshot);
            }

            @Override
            public void status(StoreStatus status) {
                statusReported(dynamic, status);
            }
        };
    }

    private void listed(boolean dynamic, KvSnapshot snapshot) {
        deliverThenCatchUp(dynamic, (root, changes) -> readIfNewer(root, snapshot, changes));
    }

    private void changesReported(boolean dynamic, KvChanges reported) {
        deliverThenCatchUp(dynamic, (root, changes) -> applyNewer(root, reported, changes));
    }

    /**
     * Takes what a root's watcher reported into that root ({@code take}, adding the keys it changed) and delivers the
     * configuration, then catches up with the lagging root, even if a listener threw (the stamp would else stay at the
     * older revision until the next event).
     */
    private void deliverThenCatchUp(boolean dynamic, BiConsumer<Root, List<KvEvent>> take) {
        Optional<Lagging> lagging = Optional.empty();
        try {
            synchronized (lock) {
                List<KvEvent> changes = new ArrayList<>();
                take.accept(root(dynamic), changes);
                lagging = lagging();
                deliver(changes);
            }
        } finally {
            lagging.ifPresent(this::catchUp);
        }
    }

    private void listedAfterReset(boolean dynamic, KvSnapshot snapshot) {
        synchronized (lock) {
            resets++;
            List<KvEvent> changes = new ArrayList<>();
            read(root(dynamic), snapshot, changes);
            rereadAfterReset(!dynamic, changes);
            deliver(changes);
        }
    }

    private void statusReported(boolean dynamic, StoreStatus status) {
        synchronized (lock) {
            if (dynamic) {
                dynamicStatus = status;
            } else {
                v1Status = status;
            }
            reportStatus();
        }
    }

    /** The prefix Traefik 1.x's keys on etcd lie under: {@code /traefik/}. */
    private static String v1Root(String bare) {
        return KvRoot.etcdV1Root(bare) + "/";
    }

    @GuardedBy("lock")
    private Root root(boolean dynamic) {
        return dynamic ? dynamicRoot : v1Root;
    }

    /** Takes a list of {@code root} unless it is older than what the root holds. */
    private static void readIfNewer(Root root, KvSnapshot snapshot, List<KvEvent> changes) {
        if (snapshot.revision() >= root.revision) {
            read(root, snapshot, changes);
        }
    }

    /** Takes a list of {@code root} as it is, adding the keys it changed to {@code changes}. */
    private static void read(Root root, KvSnapshot snapshot, List<KvEvent> changes) {
        Map<String, String> listed = new HashMap<>();
        for (KvPair pair : snapshot.pairs()) {
            listed.put(pair.key(), pair.value());
            if (!pair.value().equals(root.pairs.get(pair.key()))) {
                changes.add(KvEvent.put(pair.key(), pair.value(), snapshot.revision()));
            }
        }
        for (String key : root.pairs.keySet()) {
            if (!listed.containsKey(key)) {
                changes.add(KvEvent.delete(key, snapshot.revision()));
            }
        }
        root.pairs.clear();
        root.pairs.putAll(listed);
        root.revision = snapshot.revision();
    }

    /**
     * Applies the changes a watch reported that are newer than what the root holds (a re-read of a lagging root may
     * already have taken some of them).
     */
    private static void applyNewer(Root root, KvChanges reported, List<KvEvent> changes) {
        for (KvEvent event : reported.events()) {
            if (event.revision() <= root.revision) {
                continue;
            }
            if (event.deleted()) {
                root.pairs.remove(event.key());
            } else {
                root.pairs.put(event.key(), event.value());
            }
            changes.add(event);
        }
        root.revision = Math.max(root.revision, reported.revision());
    }

    /** The root read at a lower revision than the other, if both are read and their revisions differ. */
    @GuardedBy("lock")
    private Optional<Lagging> lagging() {
        if (!dynamicRoot.isRead() || !v1Root.isRead() || dynamicRoot.revision == v1Root.revision) {
            return Optional.empty();
        }
        return Optional.of(new Lagging(dynamicRoot.revision < v1Root.revision, resets));
    }

    /**
     * The two roots are watched separately, so one may be read at a later revision than the other, whose
     * watch event for a change in between may still be on its way; the configuration just delivered is stamped with
     * the lagging root's revision. Reads that root again, on the calling watch thread but without the lock (the
     * other root's events go on meanwhile), and delivers the configuration again if the read moved its stamp on,
     * with whatever changes it found. A read older than what the root holds by then is dropped, as is one a history
     * reset overtook; if the read fails, the stamp stays the older one until the next event.
     */
    private void catchUp(Lagging lagging) {
        Optional<KvSnapshot> reread = reread(lagging.dynamic(), "the lagging root");
        if (reread.isEmpty()) {
            return;
        }
        synchronized (lock) {
            if (resets != lagging.resets()) {
                return;
            }
            List<KvEvent> changes = new ArrayList<>();
            readIfNewer(root(lagging.dynamic()), reread.get(), changes);
            deliver(changes);
        }
    }

    /**
     * After the store's history went back, the other root's pairs belong to the old history, and a newer-revision
     * rule would keep them forever: it is read again and taken as it is. If that read fails, the old one stays until
     * the other root's watcher reports the reset itself.
     */
    @GuardedBy("lock")
    private void rereadAfterReset(boolean dynamic, List<KvEvent> changes) {
        if (!root(dynamic).isRead()) {
            return;
        }
        Optional<KvSnapshot> reread = reread(dynamic, "the other root after a history reset");
        if (reread.isPresent()) {
            read(root(dynamic), reread.get(), changes);
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

    /**
     * Applies the changes to the configuration, and delivers it once both roots have been read and it differs from the
     * last delivery or has a newer stamp: the same instance with a higher revision means nothing changed up to it.
     */
    @GuardedBy("lock")
    private void deliver(List<KvEvent> changes) {
        DecodedConfig decoded = config.apply(changes);
        if (!dynamicRoot.isRead() || !v1Root.isRead()) {
            return;
        }
        long revision = Math.min(dynamicRoot.revision, v1Root.revision);
        if (decoded == delivered && revision <= deliveredRevision) {
            return;
        }
        delivered = decoded;
        deliveredRevision = revision;
        LOG.debug("configuration at revision {} of {}: {} keys ({} changed), {} problems", revision, storeName,
                config.size(), changes.size(), decoded.problems().size());
        listener.configChanged(decoded, new ConfigStamp(revision, Instant.now(clock), config.size()));
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
