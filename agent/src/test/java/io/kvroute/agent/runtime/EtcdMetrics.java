package io.kvroute.agent.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What etcd itself counted, from its Prometheus {@code /metrics}: keys put (puts inside transactions included),
 * range requests answered (lists and marks), bytes sent to clients and watch streams started (one per watch request
 * of the gateway adapter). Differences of two readings measure a phase.
 */
record EtcdMetrics(double puts, double ranges, double sentBytes, double watchStreams) {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern RANGES = Pattern.compile(
            "(?m)^grpc_server_handled_total\\{grpc_code=\"OK\",grpc_method=\"Range\"[^}]*} (\\S+)$");
    private static final Pattern WATCH_STREAMS = Pattern.compile(
            "(?m)^grpc_server_started_total\\{grpc_method=\"Watch\",grpc_service=\"etcdserverpb.Watch\"[^}]*} (\\S+)$");

    static EtcdMetrics read(String endpoint) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return new EtcdMetrics(value(text, Pattern.compile("(?m)^etcd_mvcc_put_total (\\S+)$")), value(text, RANGES),
                value(text, Pattern.compile("(?m)^etcd_network_client_grpc_sent_bytes_total (\\S+)$")),
                value(text, WATCH_STREAMS));
    }

    EtcdMetrics since(EtcdMetrics before) {
        return new EtcdMetrics(puts - before.puts, ranges - before.ranges, sentBytes - before.sentBytes,
                watchStreams - before.watchStreams);
    }

    @Override
    public String toString() {
        return String.format("etcd counted %.0f puts, %.0f ranges, %.1f MB sent, %.0f watch streams started", puts,
                ranges, sentBytes / 1e6, watchStreams);
    }

    private static double value(String text, Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("etcd /metrics: no " + pattern + " (expected: etcd 3.4's metrics)");
        }
        return Double.parseDouble(matcher.group(1));
    }
}
