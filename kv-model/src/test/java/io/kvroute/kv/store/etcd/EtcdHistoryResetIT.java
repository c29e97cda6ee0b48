package io.kvroute.kv.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.Backoff;
import io.kvroute.kv.store.KvPair;
import io.kvroute.kv.store.KvStore;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.PrefixWatcher;
import io.kvroute.kv.store.RecordingPrefixListener;
import io.kvroute.kv.testing.EtcdExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * An etcd whose history went back, wiped or restored from an older snapshot, on the same address: its revision is
 * lower than what a {@link PrefixWatcher} delivered last, and what it holds now must still be delivered, as a
 * history reset, not ignored as an old read.
 */
class EtcdHistoryResetIT {
    private static final String PREFIX = "kvroute-reset/";
    private static final Duration BOUND = Duration.ofSeconds(20);

    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    @TempDir
    Path dir;

    private KvStore store;
    private RecordingPrefixListener listener;
    private PrefixWatcher watcher;

    @BeforeEach
    void open() throws IOException {
        etcd.wipe();
        listener = new RecordingPrefixListener();
    }

    /** Opens the store under test: each test is run for both adapters. */
    private void open(EtcdAdapter adapter) {
        store = adapter.open(etcd.settings().withRequestTimeout(Duration.ofSeconds(1)));
    }

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private long put(String key) {
        return store.commit(KvTransaction.builder().put(key, "v").build());
    }

    /** Puts {@code count} keys outside the watched prefix, so the revision moves far ahead. */
    private void writeElsewhere(int count) {
        for (int i = 0; i < count; i++) {
            put("kvroute-elsewhere/" + i);
        }
    }

    private void watch() {
        watcher = PrefixWatcher.start(store, PREFIX, listener,
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(500)));
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void aWipedEtcdIsTheTruthThoughItsRevisionIsLower(EtcdAdapter adapter) throws IOException {
        open(adapter);
        put(PREFIX + "old");
        writeElsewhere(40);
        watch();
        await().atMost(BOUND).until(() -> listener.latestPairs().equals(List.of(KvPair.of(PREFIX + "old", "v"))));
        long before = listener.latest().orElseThrow().revision();

        etcd.wipe();
        await().atMost(BOUND).ignoreExceptions().until(() -> put(PREFIX + "new") > 0);

        await().atMost(BOUND).until(() -> listener.latestPairs().equals(List.of(KvPair.of(PREFIX + "new", "v"))));
        assertThat(listener.latest().orElseThrow().revision()).isLessThan(before);
        assertThat(listener.resets()).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(EtcdAdapter.class)
    void anEtcdRestoredFromAnOlderSnapshotIsTheTruth(EtcdAdapter adapter) throws IOException {
        open(adapter);
        put(PREFIX + "kept");
        Path backup = dir.resolve("backup.db");
        etcd.saveSnapshot(backup);
        put(PREFIX + "after-backup");
        writeElsewhere(40);
        watch();
        await().atMost(BOUND).until(() -> listener.latestPairs().size() == 2);
        long before = listener.latest().orElseThrow().revision();

        etcd.restore(backup);

        await().atMost(BOUND).until(() -> listener.latestPairs().equals(List.of(KvPair.of(PREFIX + "kept", "v"))));
        assertThat(listener.latest().orElseThrow().revision()).isLessThan(before);
        assertThat(listener.resets()).hasSize(1);
    }
}
