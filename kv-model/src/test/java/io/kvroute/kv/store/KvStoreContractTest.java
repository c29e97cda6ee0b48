package io.kvroute.kv.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link KvStore} adapter must do, run against a real store by each adapter's subclass
 * ({@code MemoryKvStoreTest}, {@code EtcdKvStoreIT}, the Consul adapter's test). Besides the port's javadoc, it
 * expects adapters to refuse transactions that break {@link TransactionRules} with {@code INVALID}, to end a watch
 * only by itself or silently on close, and to let {@link Lease#abandon()} leave keys to expire by TTL.
 *
 * <p>Hooks for subclasses:
 * <ul>
 *   <li>{@link #newStore()} (required): a fresh client of the store under test, called once per test and closed
 *       after it. Tests isolate themselves with a random key prefix, so the store may keep data between tests.</li>
 *   <li>{@link #shortTtl()}: the TTL of leases in expiry and keep-alive tests (default 2 s); a store with a larger
 *       minimum TTL (Consul: 10 s) overrides it.</li>
 *   <li>{@link #expirySlack()}: how long after the TTL an expired lease's keys may still be visible (default 3 s;
 *       Consul may take up to twice the TTL).</li>
 * </ul>
 */
public abstract class KvStoreContractTest {

    /** A fresh client of the store under test. */
    protected abstract KvStore newStore();

    /** TTL for lease tests: short, but not below the store's minimum. */
    protected Duration shortTtl() {
        return Duration.ofSeconds(2);
    }

    /** Time the store may take beyond the TTL to delete an expired lease's keys. */
    protected Duration expirySlack() {
        return Duration.ofSeconds(3);
    }

    protected KvStore store;
    protected String prefix;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void openStore() {
        store = newStore();
        prefix = "kvroute-contract/" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        store.close();
    }

    @Test
    void listReturnsSortedPairsUnderAPlainStringPrefixOnly() {
        long revision = commit(KvTransaction.builder()
                .put(prefix + "traefik/b", "2")
                .put(prefix + "traefik/a", "1")
                .put(prefix + "traefik-foo/x", "3")
                .put(prefix + "traefik", "0")
                .put(prefix + "traef", "no")
                .put(prefix + "traefik/Z", "z")
                .build());

        KvSnapshot underTraefik = store.list(prefix + "traefik");
        KvSnapshot underTraefikSlash = store.list(prefix + "traefik/");

        assertThat(underTraefik.pairs()).containsExactly(
                KvPair.of(prefix + "traefik", "0"),
                KvPair.of(prefix + "traefik-foo/x", "3"),
                KvPair.of(prefix + "traefik/Z", "z"),
                KvPair.of(prefix + "traefik/a", "1"),
                KvPair.of(prefix + "traefik/b", "2"));
        assertThat(underTraefikSlash.pairs()).containsExactly(
                KvPair.of(prefix + "traefik/Z", "z"),
                KvPair.of(prefix + "traefik/a", "1"),
                KvPair.of(prefix + "traefik/b", "2"));
        assertThat(underTraefik.revision()).isGreaterThanOrEqualTo(revision);
    }

    @Test
    void listOfAnEmptyPrefixIsEmptyAtTheCurrentRevision() {
        long revision = commit(KvTransaction.builder().put(prefix + "elsewhere", "x").build());

        KvSnapshot snapshot = store.list(prefix + "nothing/");

        assertThat(snapshot.pairs()).isEmpty();
        assertThat(snapshot.revision()).isGreaterThanOrEqualTo(revision);
    }

    @Test
    void putOverwritesAndDeleteRemovesWithIncreasingRevisions() {
        long first = commit(KvTransaction.builder().put(prefix + "a", "1").build());
        long second = commit(KvTransaction.builder().put(prefix + "a", "2").build());
        assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "a", "2"));

        long third = commit(KvTransaction.builder().delete(prefix + "a").build());
        commit(KvTransaction.builder().delete(prefix + "never-existed").build());

        assertThat(store.list(prefix).pairs()).isEmpty();
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
    }

    @Test
    void deletePrefixRemovesOnlyKeysUnderThePrefix() {
        commit(KvTransaction.builder()
                .put(prefix + "traefik/a", "1")
                .put(prefix + "traefik/b/c", "2")
                .put(prefix + "traefik-foo/x", "3")
                .build());

        commit(KvTransaction.builder().deletePrefix(prefix + "traefik/").build());

        assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "traefik-foo/x", "3"));
    }

    @Test
    void aTransactionAppliesEveryOperationAtOneRevision() {
        commit(KvTransaction.builder().put(prefix + "old", "gone soon").build());

        long revision = commit(KvTransaction.builder()
                .put(prefix + "x", "1")
                .put(prefix + "y", "2")
                .delete(prefix + "old")
                .build());

        KvSnapshot snapshot = store.list(prefix);
        assertThat(snapshot.pairs()).containsExactly(KvPair.of(prefix + "x", "1"), KvPair.of(prefix + "y", "2"));
        assertThat(snapshot.revision()).isGreaterThanOrEqualTo(revision);
    }

    @Test
    void aPutIfAbsentWritesOnlyAMissingKeyAndTheRestOfTheTransactionStillApplies() {
        Lease lease = store.grantLease(shortTtl(), LeaseListener.IGNORE);
        track(lease::revoke);
        commit(KvTransaction.builder().put(prefix + "held", "first").build());

        commit(KvTransaction.builder()
                .putIfAbsent(prefix + "held", "second", lease)
                .putIfAbsent(prefix + "missing", "asserted", lease)
                .put(prefix + "plain", "written")
                .build());

        assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "held", "first"),
                KvPair.of(prefix + "missing", "asserted"), KvPair.of(prefix + "plain", "written"));
    }

    /** Whether the store's watches say what changed ({@link WatchListener#changes}); Consul's only signal. */
    protected boolean watchesReportChanges() {
        return true;
    }

    @Test
    void aWatchReportsEachChangeWithItsKeyValueAndRevisionOrWhereItCannotSignalsTheNewestRevision() {
        long start = store.list(prefix).revision();
        RecordingWatchListener watchListener = new RecordingWatchListener();
        track(store.watch(prefix, start, watchListener));

        long put = commit(KvTransaction.builder().put(prefix + "a", "1").put(prefix + "b", "2").build());
        long deleted = commit(KvTransaction.builder().delete(prefix + "a").build());

        if (watchesReportChanges()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> watchListener.changes().size() == 3);
            assertThat(watchListener.changes()).containsExactly(KvEvent.put(prefix + "a", "1", put),
                    KvEvent.put(prefix + "b", "2", put), KvEvent.delete(prefix + "a", deleted));
        } else {
            await().atMost(Duration.ofSeconds(5)).until(() -> watchListener.newestRevision() >= deleted);
            assertThat(watchListener.changes()).isEmpty();
        }
    }

    @Test
    void aTransactionWithAPutBoundToARevokedLeaseChangesNothing() {
        commit(KvTransaction.builder().put(prefix + "keep", "1").build());
        Lease lease = store.grantLease(shortTtl(), LeaseListener.IGNORE);
        lease.revoke();

        KvTransaction transaction = KvTransaction.builder()
                .put(prefix + "plain", "1")
                .put(prefix + "leased", "2", lease)
                .delete(prefix + "keep")
                .build();

        assertThatThrownBy(() -> store.commit(transaction))
                .isInstanceOfSatisfying(KvStoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(KvStoreException.Kind.NOT_FOUND));
        assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "keep", "1"));
    }

    static Stream<Arguments> transactionsBreakingTheRules() {
        return Stream.of(
                Arguments.of("a key put twice", (Function<String, KvTransaction>) p ->
                        KvTransaction.builder().put(p + "a", "1").put(p + "a", "2").build(), "puts \"%sa\" twice"),
                Arguments.of("a key put and deleted", (Function<String, KvTransaction>) p ->
                        KvTransaction.builder().put(p + "a", "1").delete(p + "a").build(), "puts and deletes \"%sa\""),
                Arguments.of("a key put under a deleted prefix", (Function<String, KvTransaction>) p ->
                        KvTransaction.builder().deletePrefix(p + "s/").put(p + "s/a", "1").build(),
                        "puts \"%ss/a\" and deletes the prefix \"%ss/\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transactionsBreakingTheRules")
    void aTransactionBreakingTheRulesIsInvalidAndChangesNothing(String description,
            Function<String, KvTransaction> transaction, String problem) {
        commit(KvTransaction.builder().put(prefix + "keep", "1").build());

        assertThatThrownBy(() -> store.commit(transaction.apply(prefix)))
                .isInstanceOfSatisfying(KvStoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(KvStoreException.Kind.INVALID))
                .hasMessageContaining(problem.formatted(prefix, prefix));
        assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "keep", "1"));
    }

    @Test
    void overlappingDeletesInOneTransactionAreFine() {
        commit(KvTransaction.builder().put(prefix + "s/a", "1").put(prefix + "s/b", "2").put(prefix + "t", "3").build());

        commit(KvTransaction.builder().deletePrefix(prefix + "s/").delete(prefix + "s/a").put(prefix + "u", "4").build());

        assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "t", "3"), KvPair.of(prefix + "u", "4"));
    }

    @Test
    void leaseExpiryDeletesExactlyTheLeasesKeysAndAWatchSeesIt() {
        Lease lease = store.grantLease(shortTtl(), LeaseListener.IGNORE);
        long written = commit(KvTransaction.builder()
                .put(prefix + "own/1", "a", lease)
                .put(prefix + "own/2", "b", lease)
                .put(prefix + "other", "c")
                .build());
        RecordingWatchListener watchListener = new RecordingWatchListener();
        track(store.watch(prefix, written, watchListener));

        lease.abandon();

        await().atMost(shortTtl().plus(expirySlack()))
                .until(() -> store.list(prefix).pairs().equals(List.of(KvPair.of(prefix + "other", "c"))));
        await().atMost(Duration.ofSeconds(5)).until(() -> watchListener.newestRevision() > written);
        assertThat(lease.remainingSeconds()).isNegative();
    }

    @Test
    void keepAliveKeepsKeysPastTwiceTheTtl() {
        Lease lease = store.grantLease(shortTtl(), LeaseListener.IGNORE);
        commit(KvTransaction.builder().put(prefix + "alive", "yes", lease).build());
        Duration twiceTtl = shortTtl().multipliedBy(2).plusSeconds(1);

        await().during(twiceTtl).atMost(twiceTtl.plusSeconds(5))
                .until(() -> store.list(prefix).pairs().equals(List.of(KvPair.of(prefix + "alive", "yes"))));

        assertThat(lease.remainingSeconds()).isPositive();
        lease.revoke();
    }

    @Test
    void revokeDeletesTheKeysAtOnceAndIsIdempotent() {
        Lease lease = store.grantLease(shortTtl(), LeaseListener.IGNORE);
        commit(KvTransaction.builder().put(prefix + "a", "1", lease).put(prefix + "b", "2").build());

        lease.revoke();

        assertThat(store.list(prefix).pairs()).containsExactly(KvPair.of(prefix + "b", "2"));
        assertThat(lease.remainingSeconds()).isNegative();
        lease.revoke();
        lease.abandon();
    }

    @Test
    void aWatchSignalsChangesUnderItsPrefixWithIncreasingRevisions() {
        long start = store.list(prefix).revision();
        RecordingWatchListener watchListener = new RecordingWatchListener();
        track(store.watch(prefix + "traefik/", start, watchListener));

        long outside = commit(KvTransaction.builder().put(prefix + "traefik-foo/x", "0").build());
        commit(KvTransaction.builder().put(prefix + "traefik/a", "1").build());
        commit(KvTransaction.builder().put(prefix + "traefik/b", "2").build());
        long last = commit(KvTransaction.builder().delete(prefix + "traefik/a").build());

        await().atMost(Duration.ofSeconds(5)).until(() -> watchListener.newestRevision() == last);
        List<Long> revisions = watchListener.revisions();
        assertThat(revisions).isSorted().doesNotHaveDuplicates().allSatisfy(revision ->
                assertThat(revision).isGreaterThan(outside).isLessThanOrEqualTo(last));
        assertThat(watchListener.ended()).isEmpty();
    }

    @Test
    void aWatchFromAnOlderRevisionSignalsTheChangeItMissed() {
        long before = store.list(prefix).revision();
        long change = commit(KvTransaction.builder().put(prefix + "missed", "1").build());
        RecordingWatchListener watchListener = new RecordingWatchListener();

        track(store.watch(prefix, before, watchListener));

        await().atMost(Duration.ofSeconds(5)).until(() -> watchListener.newestRevision() >= change);
    }

    @Test
    void aClosedWatchSignalsNothingMore() {
        long start = store.list(prefix).revision();
        RecordingWatchListener closedListener = new RecordingWatchListener();
        RecordingWatchListener openListener = new RecordingWatchListener();
        store.watch(prefix, start, closedListener).close();
        track(store.watch(prefix, start, openListener));

        long change = commit(KvTransaction.builder().put(prefix + "a", "1").build());

        await().atMost(Duration.ofSeconds(5)).until(() -> openListener.newestRevision() >= change);
        assertThat(closedListener.revisions()).isEmpty();
        assertThat(closedListener.ended()).isEmpty();
    }

    @Test
    void prefixWatcherDeliversTheInitialAndEachChangedSnapshot() {
        commit(KvTransaction.builder().put(prefix + "a", "1").build());
        RecordingPrefixListener listener = new RecordingPrefixListener();

        track(PrefixWatcher.start(store, prefix, listener));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> listener.latestPairs().equals(List.of(KvPair.of(prefix + "a", "1"))));
        long change = commit(KvTransaction.builder().put(prefix + "b", "2").build());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> listener.latestPairs().equals(List.of(KvPair.of(prefix + "a", "1"), KvPair.of(prefix + "b", "2"))));
        assertThat(listener.latest().orElseThrow().revision()).isGreaterThanOrEqualTo(change);
        assertThat(listener.statuses()).singleElement().isInstanceOf(StoreStatus.Available.class);
    }

    @Test
    void prefixWatcherCoalescesABurstOfChanges() {
        RecordingPrefixListener listener = new RecordingPrefixListener().holdSecondSnapshot();
        track(PrefixWatcher.start(store, prefix, listener));
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.snapshots().size() == 1);

        commit(KvTransaction.builder().put(prefix + "burst/000", "v").build());
        await().atMost(Duration.ofSeconds(5)).until(listener::isHolding);
        IntStream.range(1, 100).forEach(i ->
                commit(KvTransaction.builder().put(prefix + "burst/%03d".formatted(i), "v").build()));
        listener.release();

        await().atMost(Duration.ofSeconds(10)).until(() -> listener.latestPairs().size() == 100);
        assertThat(listener.snapshots()).as("the changes that piled up behind the held delivery come in one list (or, "
                + "where the watch reports them, one batch); only those still on their way after it come apart")
                .hasSizeLessThanOrEqualTo(10);
    }

    /** Commits and returns the revision after it. */
    protected long commit(KvTransaction transaction) {
        return store.commit(transaction);
    }

    /** Closes {@code closeable} after the test, before the store. */
    protected <T extends AutoCloseable> T track(T closeable) {
        toClose.add(closeable);
        return closeable;
    }
}
