package io.kvroute.kv.store.etcdhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kvroute.kv.store.KvEvent;
import io.kvroute.kv.store.KvTransaction;
import io.kvroute.kv.store.RecordingWatchListener;
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
 * An agent-like client watching forty prefixes (StoreView's routers, services and middlewares of twenty services)
 * holds one watch stream: etcd counts one watch stream and one watcher, and this JVM holds at most one connection to
 * etcd besides the kept-alive one(s) of its calls, where one stream per prefix held forty.
 */
class OneWatchStreamIT {
    private static final int PREFIXES = 40;

    @RegisterExtension
    static EtcdExtension etcd = new EtcdExtension();

    @Test
    void fortyWatchedPrefixesShareOneWatchStreamAndEachGetsOnlyItsOwnEvents() throws IOException {
        try (EtcdHttpKvStore store = new EtcdHttpKvStore(etcd.settings())) {
            List<String> prefixes = new ArrayList<>();
            List<RecordingWatchListener> listeners = new ArrayList<>();
            for (int i = 0; i < PREFIXES; i++) {
                String prefix = "traefik/http/" + (i % 2 == 0 ? "routers" : "services") + "/s" + i + "/";
                RecordingWatchListener listener = new RecordingWatchListener();
                store.watch(prefix, store.list(prefix).revision(), listener);
                prefixes.add(prefix);
                listeners.add(listener);
            }

            for (String prefix : prefixes) {
                store.commit(KvTransaction.builder().put(prefix + "rule", prefix).build());
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (int i = 0; i < PREFIXES; i++) {
                    assertThat(listeners.get(i).changes()).extracting(KvEvent::key)
                            .containsExactly(prefixes.get(i) + "rule");
                }
            });
            assertThat(metric("etcd_debugging_mvcc_watch_stream_total")).isEqualTo(1);
            assertThat(metric("etcd_debugging_mvcc_watcher_total")).isEqualTo(1);
            assertThat(establishedToEtcd()).as("the watch stream and the calls' kept-alive connection(s)")
                    .isBetween(1, 3);
        }
    }

    /** A gauge of etcd's {@code /metrics}. */
    private static long metric(String name) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + etcd.endpoint() + "/metrics")
                .toURL().openConnection();
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.startsWith(name + " "))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(name.length() + 1).trim()))
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
