package io.kvroute.kv.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PrefixWatcher.Listener} for tests: records snapshots (those of history resets apart too) and status
 * transitions. {@link #holdSecondSnapshot()}
 * makes the second snapshot delivery wait until {@link #release()}, to let changes pile up behind it.
 */
public final class RecordingPrefixListener implements PrefixWatcher.Listener {
    private final List<KvSnapshot> snapshots = new CopyOnWriteArrayList<>();
    private final List<StoreStatus> statuses = new CopyOnWriteArrayList<>();
    private final List<KvSnapshot> resets = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);
    private volatile boolean holdSecond;

    @Override
    public void snapshot(KvSnapshot snapshot) {
        snapshots.add(snapshot);
        if (holdSecond && snapshots.size() == 2) {
            holding.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test never released the held snapshot");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void historyReset(KvSnapshot snapshot, long previousRevision) {
        resets.add(snapshot);
        snapshot(snapshot);
    }

    @Override
    public void status(StoreStatus status) {
        statuses.add(status);
    }

    public RecordingPrefixListener holdSecondSnapshot() {
        holdSecond = true;
        return this;
    }

    /** True once the second snapshot is being held. */
    public boolean isHolding() {
        return holding.getCount() == 0;
    }

    public void release() {
        release.countDown();
    }

    public List<KvSnapshot> snapshots() {
        return List.copyOf(snapshots);
    }

    public Optional<KvSnapshot> latest() {
        List<KvSnapshot> all = snapshots();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public List<KvPair> latestPairs() {
        return latest().map(KvSnapshot::pairs).orElse(List.of());
    }

    /** The snapshots delivered as a history reset (also among {@link #snapshots()}). */
    public List<KvSnapshot> resets() {
        return List.copyOf(resets);
    }

    public List<StoreStatus> statuses() {
        return List.copyOf(statuses);
    }

    public Optional<StoreStatus> status() {
        List<StoreStatus> all = statuses();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
