package io.kvroute.kv.store.etcdhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvStoreException;
import io.kvroute.kv.store.KvStoreException.Kind;
import io.kvroute.kv.store.KvWatch;
import io.kvroute.kv.store.WatchListener;
import io.kvroute.kv.store.WatchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The watch streams' bookkeeping: which kinds share a stream, which range it covers from which revision, which
 * registration gets which events, when a stream reopens and whom its end or a compaction ends. The streams are
 * stand-ins that record how they were opened.
 */
class WatchMultiplexerTest {
    private final List<Opened> opened = new ArrayList<>();
    private Optional<KvStoreException> refusal = Optional.empty();
    private final WatchMultiplexer multiplexer = new WatchMultiplexer((range, start, sink) -> {
        refusal.ifPresent(e -> {
            throw e;
        });
        Opened stream = new Opened(range.toString(), start, sink);
        opened.add(stream);
        return stream;
    }, "etcd test");

    @Test
    void eachKindOfPrefixHasOneStreamOverTheTightestRangeOfItsPrefixesFromTheLowestRevisionNeeded() {
        Recorder routers = new Recorder();
        Recorder servicesA = new Recorder();
        Recorder servicesZ = new Recorder();
        multiplexer.watchAll(List.of(new WatchRequest("traefik/http/routers/a/", 10, routers),
                new WatchRequest("traefik/http/services/b/", 12, servicesA),
                new WatchRequest("traefik/http/services/z/", 14, servicesZ)));

        assertThat(opened).extracting(Opened::range, Opened::start).containsExactly(
                tuple("[\"traefik/http/routers/a/\", \"traefik/http/routers/a0\")", 11L),
                tuple("[\"traefik/http/services/b/\", \"traefik/http/services/z0\")", 13L));
        opened.get(0).sink.changes(List.of(put("traefik/http/routers/a/rule", 15)));
        opened.get(1).sink.changes(List.of(put("traefik/http/services/b/url", 15), put("traefik/http/services/z/url",
                15)));

        assertThat(routers.events).containsExactly(List.of(KvEvent.put("traefik/http/routers/a/rule", "v", 15)));
        assertThat(servicesA.events).containsExactly(List.of(KvEvent.put("traefik/http/services/b/url", "v", 15)));
        assertThat(servicesZ.events).containsExactly(List.of(KvEvent.put("traefik/http/services/z/url", "v", 15)));
    }

    @Test
    void aBatchOfFortyPrefixesOpensOneStreamPerKindOnce() {
        List<WatchRequest> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(new WatchRequest("traefik/http/routers/shared" + i + "/", 100 + i, new Recorder()));
            requests.add(new WatchRequest("traefik/http/services/shared" + i + "/", 100 + i, new Recorder()));
        }

        assertThat(multiplexer.watchAll(requests)).hasSize(40);

        assertThat(opened).extracting(Opened::range, Opened::start).containsExactly(
                tuple("[\"traefik/http/routers/shared0/\", \"traefik/http/routers/shared90\")", 101L),
                tuple("[\"traefik/http/services/shared0/\", \"traefik/http/services/shared90\")", 101L));
        assertThat(multiplexer.streams()).hasSize(2);
    }

    @Test
    void aPrefixOutsideItsKindsRangeReopensThatStreamOnceAndNobodyLosesOrRepeatsAnEvent() {
        Recorder a = watching("traefik/http/services/a/", 10);
        watching("traefik/http/routers/r/", 10);
        opened.get(0).sink.changes(List.of(put("traefik/http/services/a/x", 12)));
        opened.get(0).sink.changes(List.of(put("traefik/http/services/a/y", 14)));

        Recorder z = watching("traefik/http/services/z/", 11);

        assertThat(opened).extracting(Opened::range, Opened::start).containsExactly(
                tuple("[\"traefik/http/services/a/\", \"traefik/http/services/a0\")", 11L),
                tuple("[\"traefik/http/routers/r/\", \"traefik/http/routers/r0\")", 11L),
                tuple("[\"traefik/http/services/a/\", \"traefik/http/services/z0\")", 12L));
        assertThat(opened.get(0).closed).isTrue();
        assertThat(opened.get(1).closed).as("the routers' stream is not touched").isFalse();
        Opened widened = opened.get(2);
        widened.sink.changes(List.of(put("traefik/http/services/a/x", 12), put("traefik/http/services/z/x", 12)));
        widened.sink.changes(List.of(put("traefik/http/services/a/y", 14)));
        widened.sink.changes(List.of(put("traefik/http/services/a/w", 15), put("traefik/http/services/z/w", 15)));

        assertThat(a.events).containsExactly(List.of(put("traefik/http/services/a/x", 12).event()),
                List.of(put("traefik/http/services/a/y", 14).event()),
                List.of(put("traefik/http/services/a/w", 15).event()));
        assertThat(z.events).containsExactly(List.of(put("traefik/http/services/z/x", 12).event()),
                List.of(put("traefik/http/services/z/w", 15).event()));
    }

    @Test
    void moreKindsThanStreamsShareTheStreamOfTheirClosestNeighbour() {
        List<WatchRequest> requests = new ArrayList<>();
        for (String kind : List.of("http/routers", "http/services", "http/middlewares", "tcp/routers",
                "tcp/services")) {
            requests.add(new WatchRequest("traefik/" + kind + "/a/", 10, new Recorder()));
        }

        multiplexer.watchAll(requests);

        assertThat(opened).hasSize(WatchMultiplexer.MAX_STREAMS).extracting(Opened::range).containsExactly(
                "[\"traefik/http/middlewares/a/\", \"traefik/http/routers/a0\")",
                "[\"traefik/http/services/a/\", \"traefik/http/services/a0\")",
                "[\"traefik/tcp/routers/a/\", \"traefik/tcp/routers/a0\")",
                "[\"traefik/tcp/services/a/\", \"traefik/tcp/services/a0\")");
    }

    @Test
    void theKindOfAPrefixIsThePrefixLessItsLastSegment() {
        assertThat(WatchMultiplexer.kindOf("traefik/http/routers/shared12/")).isEqualTo("traefik/http/routers/");
        assertThat(WatchMultiplexer.kindOf("traefik/tls/options/default/minVersion"))
                .isEqualTo("traefik/tls/options/default/");
        assertThat(WatchMultiplexer.kindOf("traefik/")).isEmpty();
        assertThat(WatchMultiplexer.kindOf("")).isEmpty();
    }

    @Test
    void aRegistrationGetsOnlyRevisionsAfterItsOwnStart() {
        Recorder early = watching("traefik/a/", 10);
        Recorder late = watching("traefik/a/", 12);
        last().sink.changes(List.of(put("traefik/a/x", 12)));
        last().sink.changes(List.of(put("traefik/a/y", 13)));

        assertThat(opened).hasSize(1);
        assertThat(early.events).containsExactly(List.of(put("traefik/a/x", 12).event()),
                List.of(put("traefik/a/y", 13).event()));
        assertThat(late.events).containsExactly(List.of(put("traefik/a/y", 13).event()));
    }

    @Test
    void aRegistrationOlderThanTheStreamRestartsItAndNobodyGetsAnEventTwice() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        KvWatch firstWatch = multiplexer.watch("traefik/a/", 10, first);
        opened.get(0).sink.changes(List.of(put("traefik/a/x", 12), put("traefik/b/y", 12)));
        opened.get(0).sink.changes(List.of(put("traefik/b/z", 14)));

        multiplexer.watch("traefik/b/", 11, second);

        assertThat(opened).extracting(Opened::start).containsExactly(11L, 12L);
        assertThat(opened.get(0).closed).isTrue();
        opened.get(0).sink.changes(List.of(put("traefik/a/late", 15)));
        Opened restarted = opened.get(1);
        restarted.sink.changes(List.of(put("traefik/a/x", 12), put("traefik/b/y", 12)));
        restarted.sink.changes(List.of(put("traefik/b/z", 14)));
        restarted.sink.changes(List.of(put("traefik/a/w", 15)));

        assertThat(first.events).as("the closed stream's report is dropped; 12 is not repeated")
                .containsExactly(List.of(put("traefik/a/x", 12).event()), List.of(put("traefik/a/w", 15).event()));
        assertThat(second.events).containsExactly(List.of(put("traefik/b/y", 12).event()),
                List.of(put("traefik/b/z", 14).event()));
        firstWatch.close();
        assertThat(restarted.closed).isFalse();
    }

    @Test
    void aPrefixOfAnotherKindOpensAStreamOfItsOwnAndLeavesTheFirstOpen() {
        multiplexer.watch("traefik/a/", 10, new Recorder());
        multiplexer.watch("other/b/", 20, new Recorder());

        assertThat(opened).extracting(Opened::range, Opened::start).containsExactly(
                tuple("[\"traefik/a/\", \"traefik/a0\")", 11L), tuple("[\"other/b/\", \"other/b0\")", 21L));
        assertThat(opened.get(0).closed).isFalse();
    }

    @Test
    void compactionEndsExactlyTheRegistrationsThatNeededTheCompactedHistory() {
        Recorder old = new Recorder();
        Recorder recent = new Recorder();
        multiplexer.watchAll(List.of(new WatchRequest("traefik/a/", 5, old),
                new WatchRequest("traefik/b/", 20, recent)));

        opened.get(0).sink.compacted(10);

        assertThat(old.ended).extracting(KvStoreException::kind).containsExactly(Kind.COMPACTED);
        assertThat(old.ended.get(0)).hasMessageContaining("watch of \"traefik/a/\"");
        assertThat(recent.ended).isEmpty();
        assertThat(opened).extracting(Opened::start).containsExactly(6L, 21L);
        last().sink.changes(List.of(put("traefik/a/x", 22), put("traefik/b/y", 22)));
        assertThat(old.events).isEmpty();
        assertThat(recent.events).hasSize(1);
    }

    @Test
    void theStreamsEndEndsEveryRegistrationOnceAndTheNextWatchOpensANewStream() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        multiplexer.watchAll(List.of(new WatchRequest("traefik/a/", 5, a), new WatchRequest("traefik/b/", 5, b)));

        opened.get(0).sink.ended(call -> new KvStoreException(Kind.UNAVAILABLE, call + ": no leader"));
        opened.get(0).sink.ended(call -> new KvStoreException(Kind.UNAVAILABLE, call + ": again"));

        assertThat(a.ended).extracting(Throwable::getMessage).containsExactly("watch of \"traefik/a/\": no leader");
        assertThat(b.ended).extracting(Throwable::getMessage).containsExactly("watch of \"traefik/b/\": no leader");
        multiplexer.watch("traefik/a/", 7, new Recorder());
        assertThat(opened).extracting(Opened::start).containsExactly(6L, 8L);
    }

    @Test
    void aStreamsEndEndsOnlyTheRegistrationsOnThatStream() {
        Recorder routers = watching("traefik/http/routers/a/", 5);
        Recorder services = watching("traefik/http/services/a/", 5);

        opened.get(1).sink.ended(call -> new KvStoreException(Kind.UNAVAILABLE, call + ": closed"));
        opened.get(0).sink.changes(List.of(put("traefik/http/routers/a/rule", 6)));

        assertThat(services.ended).extracting(Throwable::getMessage)
                .containsExactly("watch of \"traefik/http/services/a/\": closed");
        assertThat(routers.ended).isEmpty();
        assertThat(routers.events).hasSize(1);
        assertThat(opened.get(0).closed).isFalse();
        assertThat(multiplexer.streams()).containsExactly(opened.get(0));
    }

    @Test
    void compactionOfOneStreamLeavesTheOthersAlone() {
        Recorder routers = watching("traefik/http/routers/a/", 5);
        Recorder services = watching("traefik/http/services/a/", 5);

        opened.get(1).sink.compacted(9);

        assertThat(services.ended).extracting(KvStoreException::kind).containsExactly(Kind.COMPACTED);
        assertThat(routers.ended).isEmpty();
        assertThat(opened).hasSize(2);
        assertThat(multiplexer.streams()).containsExactly(opened.get(0));
    }

    @Test
    void closingTheLastRegistrationClosesTheStreamWithoutTellingAnyone() {
        Recorder a = new Recorder();
        List<KvWatch> watches = multiplexer.watchAll(List.of(new WatchRequest("traefik/a/", 5, a),
                new WatchRequest("traefik/b/", 5, new Recorder())));
        KvWatch first = watches.get(0);
        KvWatch second = watches.get(1);

        first.close();
        assertThat(opened.get(0).closed).isFalse();
        opened.get(0).sink.changes(List.of(put("traefik/a/x", 6)));
        second.close();

        assertThat(opened.get(0).closed).isTrue();
        assertThat(multiplexer.streams()).isEmpty();
        assertThat(a.events).isEmpty();
        assertThat(a.ended).isEmpty();
    }

    @Test
    void aStreamThatCannotOpenFailsTheNewWatchAndEndsTheOthers() {
        Recorder running = watching("traefik/a/", 10);
        refusal = Optional.of(new KvStoreException(Kind.UNAUTHORIZED, "token refused"));

        assertThatThrownBy(() -> multiplexer.watch("traefik/b/", 3, new Recorder()))
                .isInstanceOf(KvStoreException.class).hasMessage("token refused");
        assertThat(running.ended).extracting(KvStoreException::kind).containsExactly(Kind.UNAUTHORIZED);
    }

    @Test
    void anEventOfAnUnknownTypeSignalsTheNewestRevisionOfTheRegistrationsEvents() {
        Recorder a = watching("traefik/a/", 5);
        last().sink.changes(List.of(put("traefik/a/x", 6),
                new WatchMultiplexer.Change(KvEvent.delete("traefik/a/y", 7), false)));

        assertThat(a.changed).containsExactly(7L);
        assertThat(a.events).isEmpty();
    }

    @Test
    void aListenerMayWaitForAnotherThreadClosingAWatchWhileItIsTold() throws InterruptedException {
        List<KvWatch> other = new ArrayList<>();
        List<Boolean> closedMeanwhile = new ArrayList<>();
        multiplexer.watch("traefik/a/", 5, new Recorder() {
            @Override
            public void changes(List<KvEvent> batch) {
                // StoreView closes watches under its lock, which its listener takes: no lock may be held here that
                // closing needs.
                Thread closer = new Thread(() -> other.get(0).close());
                closer.start();
                try {
                    closer.join(Duration.ofSeconds(30).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                closedMeanwhile.add(!closer.isAlive());
            }
        });
        other.add(multiplexer.watch("traefik/b/", 5, new Recorder()));

        last().sink.changes(List.of(put("traefik/a/x", 6)));

        assertThat(closedMeanwhile).containsExactly(true);
    }

    @Test
    void aWatchEndedByTheStreamIsToldNothingMore() {
        Recorder a = watching("traefik/a/", 5);
        WatchMultiplexer.Sink first = last().sink;
        first.ended(call -> new KvStoreException(Kind.UNAVAILABLE, call + ": closed"));
        first.changes(List.of(put("traefik/a/x", 6)));
        first.compacted(9);

        assertThat(a.ended).hasSize(1);
        assertThat(a.events).isEmpty();
    }

    /** A new recorder, registered for {@code prefix} after {@code afterRevision}. */
    private Recorder watching(String prefix, long afterRevision) {
        Recorder recorder = new Recorder();
        multiplexer.watch(prefix, afterRevision, recorder);
        return recorder;
    }

    private Opened last() {
        return opened.get(opened.size() - 1);
    }

    @Test
    void aStreamThatCannotOpenForAnyReasonLeavesNoWatchBehind() {
        WatchMultiplexer failing = new WatchMultiplexer((range, start, sink) -> {
            throw new IllegalStateException("cannot open a selector for etcd watches");
        }, "etcd test");

        assertThatThrownBy(() -> failing.watchAll(List.of(new WatchRequest("traefik/b/", 3, new Recorder()))))
                .isInstanceOf(KvStoreException.class).hasMessageContaining("cannot open a selector");
        assertThat(failing.streams()).isEmpty();
    }

    @Test
    void aProgressNotificationMovesTheWatchesSoAWiderStreamStartsFromIt() {
        Recorder m = watching("traefik/http/services/m/", 10);
        opened.get(0).sink.progress(5_000);

        multiplexer.watch("traefik/http/services/z/", 5_000, new Recorder());

        assertThat(opened).extracting(Opened::start).containsExactly(11L, 5_001L);
        opened.get(1).sink.changes(List.of(put("traefik/http/services/m/url", 5_001)));
        assertThat(m.events).containsExactly(List.of(KvEvent.put("traefik/http/services/m/url", "v", 5_001)));
    }

    @Test
    void aProgressNotificationOfAClosedStreamMovesNothing() {
        multiplexer.watchAll(List.of(new WatchRequest("traefik/http/services/m/", 10, new Recorder()),
                new WatchRequest("traefik/http/services/z/", 10, new Recorder())));
        multiplexer.watch("traefik/http/services/zz/", 10, new Recorder());
        opened.get(0).sink.progress(5_000);

        multiplexer.watch("traefik/http/services/zzz/", 5_000, new Recorder());

        assertThat(opened).extracting(Opened::start).containsExactly(11L, 11L, 11L);
    }

    private static WatchMultiplexer.Change put(String key, long revision) {
        return new WatchMultiplexer.Change(KvEvent.put(key, "v", revision), true);
    }

    /** A stand-in stream. */
    private static final class Opened implements WatchMultiplexer.Stream {
        private final String range;
        private final long start;
        private final WatchMultiplexer.Sink sink;
        private boolean closed;

        Opened(String range, long start, WatchMultiplexer.Sink sink) {
            this.range = range;
            this.start = start;
            this.sink = sink;
        }

        String range() {
            return range;
        }

        long start() {
            return start;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** What a registration was told. */
    private static class Recorder implements WatchListener {
        private final List<List<KvEvent>> events = new ArrayList<>();
        private final List<Long> changed = new ArrayList<>();
        private final List<KvStoreException> ended = new ArrayList<>();

        @Override
        public void changed(long revision) {
            changed.add(revision);
        }

        @Override
        public void changes(List<KvEvent> batch) {
            events.add(batch);
        }

        @Override
        public void ended(KvStoreException cause) {
            ended.add(cause);
        }
    }
}
