package io.kvroute.kv.testing;

import io.kvroute.kv.store.StoreSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real three-member etcd cluster for fault tests, from the {@code etcd} binary on PATH, each member on loopback ports
 * of its own with a temporary data dir. Use as {@code @RegisterExtension static EtcdClusterExtension cluster = new
 * EtcdClusterExtension();}: it starts before the first test of the class; before each test, frozen members are
 * continued, stopped ones started and the cluster waited for until every member is healthy; after the last test every
 * member is stopped by PID and the data deleted. Without {@code etcd}, as {@link EtcdExtension}: fails on CI, skipped
 * elsewhere.
 */
public final class EtcdClusterExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private static final int SIZE = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\"\\s*:\\s*\"(\\d+)\"");
    private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"(\\d+)\"");
    private static final Pattern WATCH_STREAMS = Pattern.compile("(?m)^etcd_debugging_mvcc_watch_stream_total (\\S+)$");

    private final List<EtcdMember> members = new ArrayList<>();
    private Path tempDir;
    private List<String> clusterFlags;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path binary = EtcdExtension.locate(Optional.ofNullable(System.getenv("PATH")).orElse(""),
                "true".equals(System.getenv("CI")), context.getDisplayName());
        tempDir = Files.createTempDirectory("kvroute-etcd-cluster-");
        for (int i = 0; i < SIZE; i++) {
            members.add(new EtcdMember(binary, "m" + i, tempDir.resolve("m" + i), EtcdExtension.logDir()));
        }
        String initialCluster = members.stream().map(member -> member.name() + "=" + member.peerUrl())
                .collect(Collectors.joining(","));
        clusterFlags = List.of("--initial-cluster", initialCluster, "--initial-cluster-state", "new",
                "--initial-cluster-token", "kvroute-test-" + UUID.randomUUID());
        startAll();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (EtcdMember member : members) {
            if (member.isPaused()) {
                member.resume();
            }
        }
        startAll();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        members.forEach(EtcdMember::stop);
        if (tempDir != null) {
            EtcdExtension.deleteTree(tempDir);
        }
    }

    /** The members, in a fixed order ({@code m0}, {@code m1}, {@code m2}). */
    public List<EtcdMember> members() {
        return List.copyOf(members);
    }

    public EtcdMember member(int index) {
        return members.get(index);
    }

    /** Settings for a store on every member, with the default request timeout. */
    public StoreSettings settings() {
        return StoreSettings.etcd(members.stream().map(EtcdMember::endpoint).toArray(String[]::new));
    }

    /** Starts every stopped member and waits until all of them report healthy. */
    public void startAll() {
        members.forEach(member -> member.launch(clusterFlags));
        members.forEach(member -> member.awaitHealthy(START_TIMEOUT));
    }

    /** The index of the member that leads the cluster now, as a running member reports it. */
    public int leader() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (EtcdMember asked : members) {
            if (!asked.isRunning() || asked.isPaused()) {
                continue;
            }
            Optional<String> leaderId = status(http, asked).flatMap(body -> find(LEADER, body));
            if (leaderId.isEmpty()) {
                continue;
            }
            for (int i = 0; i < members.size(); i++) {
                EtcdMember candidate = members.get(i);
                if (candidate.isRunning() && !candidate.isPaused()
                        && status(http, candidate).flatMap(body -> find(MEMBER_ID, body)).equals(leaderId)) {
                    return i;
                }
            }
        }
        throw new IllegalStateException("no running etcd member names a running leader");
    }

    /**
     * The index of the one member that holds watch streams now (etcd's {@code etcd_debugging_mvcc_watch_stream_total}
     * on each member's {@code /metrics}): where a client that watches sends its streams. Fails unless exactly one
     * running member holds any.
     */
    public int memberHoldingWatchStreams() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        List<Integer> holding = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            EtcdMember member = members.get(i);
            if (!member.isRunning() || member.isPaused()) {
                continue;
            }
            long streams = metrics(http, member).flatMap(body -> find(WATCH_STREAMS, body))
                    .map(Double::parseDouble).map(Double::longValue).orElse(0L);
            counts.add(member.name() + "=" + streams);
            if (streams > 0) {
                holding.add(i);
            }
        }
        if (holding.size() != 1) {
            throw new IllegalStateException("watch streams per member: " + counts + " (expected: on one member)");
        }
        return holding.get(0);
    }

    private static Optional<String> metrics(HttpClient http, EtcdMember member) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + member.endpoint() + "/metrics"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** etcd's {@code Maintenance.Status} over its JSON gateway. */
    private static Optional<String> status(HttpClient http, EtcdMember member) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + member.endpoint() + "/v3/maintenance/status"))
                .timeout(Duration.ofSeconds(2)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<String> find(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
