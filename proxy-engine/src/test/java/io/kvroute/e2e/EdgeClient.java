package io.kvroute.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client on the edge host: {@code curl} run inside the edge namespace, so requests go to the proxy's address on
 * the lab's bridge (and to the dashboard API on the edge's own loopback) without any address in the root
 * namespace. One curl run sends its requests sequentially over one connection (URL globbing {@code ?[1-N]}).
 */
final class EdgeClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String END = "|END\n";

    /** One answer: the body (a backend's name, or the proxy's error text) and the status ({@code 0}: no answer). */
    record Answer(String body, int status) {
        Answer {
            requireNonNull(body, "body");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final NetnsLab lab;
    private final String entryPoint;
    private final String dashboard;

    /** {@code entryPoint} and {@code dashboard} as {@code HOST:PORT}. */
    EdgeClient(NetnsLab lab, String entryPoint, String dashboard) {
        this.lab = requireNonNull(lab, "lab");
        this.entryPoint = requireNonNull(entryPoint, "entryPoint");
        this.dashboard = requireNonNull(dashboard, "dashboard");
    }

    /** Sends {@code count} sequential GET / with {@code Host: host} through the proxy; each waits at most 5 s. */
    List<Answer> get(String host, int count) {
        return send(host, count, List.of());
    }

    /** Like {@link #get} but at most {@code perSecond} requests a second ({@code curl --rate}). */
    List<Answer> getAtRate(String host, int count, int perSecond) {
        if (perSecond < 1 || count / perSecond > 30) {
            throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: > 0, sending " + count
                    + " requests in at most 30 s)");
        }
        return send(host, count, List.of("--rate", perSecond + "/s"));
    }

    private List<Answer> send(String host, int count, List<String> options) {
        if (count < 1 || count > 5000) {
            throw new IllegalArgumentException("count: " + count + " (expected: 1..5000)");
        }
        List<String> curl = new ArrayList<>(List.of("curl", "-s", "--max-time", "5"));
        curl.addAll(options);
        curl.addAll(List.of("-H", "Host: " + host, "-w", "|%{http_code}" + END,
                "http://" + entryPoint + "/?[1-" + count + "]"));
        String out = Command.of(Duration.ofSeconds(60), lab.exec(LabHost.EDGE, curl)).run().out();
        List<Answer> answers = new ArrayList<>();
        for (String chunk : out.split("\\|END\n", -1)) {
            if (!chunk.isEmpty()) {
                int bar = chunk.lastIndexOf('|');
                answers.add(new Answer(chunk.substring(0, bar).strip(), Integer.parseInt(chunk.substring(bar + 1))));
            }
        }
        if (answers.size() != count) {
            throw new IllegalStateException("curl printed " + answers.size() + " answers for " + count
                    + " requests: " + out);
        }
        return answers;
    }

    /** How many answers had each {@code "<status> <body>"}. */
    Map<String, Integer> tally(String host, int count) {
        Map<String, Integer> tally = new TreeMap<>();
        for (Answer answer : get(host, count)) {
            tally.merge(answer.toString(), 1, Integer::sum);
        }
        return tally;
    }

    /** The server URLs of service {@code service@etcd} in the proxy's {@code /api/rawdata}, if it routes it. */
    List<String> routedServers(String router, String service) {
        String out = Command.of(Duration.ofSeconds(10), lab.exec(LabHost.EDGE,
                List.of("curl", "-s", "--max-time", "5", "http://" + dashboard + "/api/rawdata"))).output();
        try {
            JsonNode raw = JSON.readTree(out);
            if (raw.path("routers").path(router + "@etcd").isMissingNode()) {
                return List.of();
            }
            List<String> urls = new ArrayList<>();
            for (JsonNode server : raw.path("services").path(service + "@etcd").path("loadBalancer").path("servers")) {
                urls.add(server.path("url").asText());
            }
            return urls.stream().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("/api/rawdata answered no JSON: " + out, e);
        }
    }
}
