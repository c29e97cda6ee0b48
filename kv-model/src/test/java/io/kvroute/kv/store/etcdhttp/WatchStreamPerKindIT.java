package io.kvroute.kv.store.etcdhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.RecordingWatchListener;
import io.kvroute.kv.store.WatchRequest;
import io.kvroute.kv.testing.EtcdExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway adapter's watch streams against a real etcd: an agent-like client watching forty prefixes (StoreView's
 * routers and services of twenty services) holds one stream per kind, opened once; a stream carries only the keys of
 * its range, not the root's (counted by etcd: events it sent); a prefix outside a stream's range widens it with one
 * reopen that loses and repeats nothing.
 */
class WatchStreamPerKindIT {
    private static final int PREFIXES = 40;
    private static final String WATCH_STARTED =
            "grpc_server_started_total{grpc_method=\"Watch\",grpc_service=\"etcdserverpb.Watch\"";

    @RegisterExtension
    static EtcdExtension etcd = EtcdExtension.withFlags("--experimental-watch-progress-notify-interval=200ms");

    @Test
    void fortyPrefixesOfTwoKindsOpenTwoWatchStreamsOnceAndEachWatchGetsOnlyItsOwnEvents() throws IOException {
        try (EtcdHttpKvStore store = new EtcdHttpKvStore(etcd.settings())) {
            List<String> prefixes = new ArrayList<>();
            List<RecordingWatchListener> listeners = new ArrayList<>();
            List<WatchRequest> requests = new ArrayList<>();
            for (int i = 0; i < PREFIXES; i++) {
                String prefix = "forty/http/" + (i % 2 == 0 ? "routers" : "services") + "/s" + i + "/";
                RecordingWatchListener listener = new RecordingWatchListener();
                requests.add(new WatchRequest(prefix, store.list(prefix).revision(), listener));
                prefixes.add(prefix);
                listeners.add(listener);
            }
            double started = metric(WATCH_STARTED);

            store.watchAll(requests);
            for (String prefix : prefixes) {
                store.commit(KvTransaction.builder().put(prefix + "rule", prefix).build());
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (int i = 0; i < PREFIXES; i++) {
                    assertThat(listeners.get(i).changes()).extracting(KvEvent::key)
                            .containsExactly(prefixes.get(i) + "rule");
                }
            });
            assertThat(metric(WATCH_STARTED) - started).as("watch requests reaching etcd").isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(metric("etcd_debugging_mvcc_watch_stream_total")).isEqualTo(2);
                assertThat(metric("etcd_debugging_mvcc_watcher_total")).isEqualTo(2);
            });
            assertThat(establishedToEtcd()).as("the two watch streams and the calls' kept-alive connection(s)")
                    .isBetween(2, 4);
        }
    }

    @Test
    void aWatchOfOneServiceIsNotSentThePutsOfAnotherServiceNorOfRouters() throws IOException {
        try (EtcdHttpKvStore store = new EtcdHttpKvStore(etcd.settings())) {
            RecordingWatchListener listener = new RecordingWatchListener();
            store.watch("narrow/http/services/a/", store.list("narrow/http/services/a/").revision(), listener);
            double sent = metric("etcd_debugging_mvcc_events_total");

            for (int i = 0; i < 20; i++) {
                store.commit(KvTransaction.builder().put("narrow/http/services/z/servers/" + i + "/url", "x")
                        .put("narrow/http/routers/a/rule", "Host(`" + i + "`)").build());
            }
            store.commit(KvTransaction.builder().put("narrow/http/services/a/servers/0/url", "a").build());

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(listener.changes())
                    .extracting(KvEvent::key).containsExactly("narrow/http/services/a/servers/0/url"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    metric("etcd_debugging_mvcc_events_total") - sent)
                    .as("events etcd sent to watchers (counted after each send): only the watched service's one, "
                            + "not the forty before it").isEqualTo(1));
        }
    }

    @Test
    void aPrefixOutsideTheStreamsRangeWidensItWithOneReopenAndAPutBeforeItArrivesOnce() throws IOException {
        try (EtcdHttpKvStore store = new EtcdHttpKvStore(etcd.settings())) {
            RecordingWatchListener a = new RecordingWatchListener();
            RecordingWatchListener z = new RecordingWatchListener();
            store.watch("widen/http/services/a/", store.list("widen/http/services/a/").revision(), a);
            store.commit(KvTransaction.builder().put("widen/http/services/a/1", "1").build());
            await().atMost(Duration.ofSeconds(10)).until(() -> a.changes().size() == 1);
            long listed = store.list("widen/http/services/z/").revision();
            store.commit(KvTransaction.builder().put("widen/http/services/z/1", "1").build());
            store.commit(KvTransaction.builder().put("widen/http/services/a/2", "2").build());
            double started = metric(WATCH_STARTED);

            store.watch("widen/http/services/z/", listed, z);
            store.commit(KvTransaction.builder().put("widen/http/services/z/2", "2")
                    .put("widen/http/services/a/3", "3").build());

            await().atMost(Duration.ofSeconds(10)).until(() -> a.changes().size() >= 3 && z.changes().size() >= 2);
            assertThat(a.changes()).extracting(KvEvent::key).containsExactly("widen/http/services/a/1",
                    "widen/http/services/a/2", "widen/http/services/a/3");
            assertThat(z.changes()).extracting(KvEvent::key).as("the put between the list and the reopen, once")
                    .containsExactly("widen/http/services/z/1", "widen/http/services/z/2");
            assertThat(metric(WATCH_STARTED) - started).as("one reopen").isEqualTo(1);
        }
    }

    /**
     * A stream whose range saw nothing for a while is moved on by etcd's progress notifications (every 200 ms here, ten
     * minutes by etcd's default), so widening it later starts from there: etcd replays none of the puts of the
     * services between, which a reopen from the watch's last event would send again.
     */
    @Test
    void aQuietStreamWidenedAfterAProgressNotificationReplaysNothing() throws Exception {
        try (EtcdHttpKvStore store = new EtcdHttpKvStore(etcd.settings())) {
            RecordingWatchListener m = new RecordingWatchListener();
            RecordingWatchListener z = new RecordingWatchListener();
            store.watch("quiet/http/services/m/", store.list("quiet/http/services/m/").revision(), m);
            for (int i = 0; i < 30; i++) {
                store.commit(KvTransaction.builder().put("quiet/http/services/n/servers/" + i + "/url", "x").build());
            }
            Thread.sleep(2_000);
            long listed = store.list("quiet/http/services/z/").revision();
            double sent = metric("etcd_debugging_mvcc_events_total");

            store.watch("quiet/http/services/z/", listed, z);
            store.commit(KvTransaction.builder().put("quiet/http/services/z/url", "z").build());

            await().atMost(Duration.ofSeconds(10)).until(() -> z.changes().size() == 1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    metric("etcd_debugging_mvcc_events_total") - sent)
                    .as("events etcd sent after the widening: the new put only, none of the thirty before it")
                    .isEqualTo(1));
            assertThat(m.changes()).isEmpty();
        }
    }

    /** A gauge or counter of etcd's {@code /metrics}: the first line starting with {@code name}. */
    private static double metric(String name) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + etcd.endpoint() + "/metrics")
                .toURL().openConnection();
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.startsWith(name + " ") || line.startsWith(name + ",")
                            || line.startsWith(name + "}"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim()))
                    .findFirst().orElseThrow(() -> new AssertionError("etcd's /metrics has no " + name));
        } finally {
            connection.disconnect();
        }
    }

    /** This JVM's ESTABLISHED TCP connections to etcd's client port: its sockets' inodes in /proc/net/tcp{,6}. */
    private static int establishedToEtcd() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // the descriptor closed while listed
                }
            }
        }
        String port = String.format("%04X", Integer.parseInt(etcd.endpoint().substring(
                etcd.endpoint().lastIndexOf(':') + 1)));
        int established = 0;
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                boolean toEtcd = fields[2].endsWith(":" + port);
                if (toEtcd && fields[3].equals("01") && inodes.contains(fields[9])) {
                    established++;
                }
            }
        }
        return established;
    }
}
