import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/scale's measuring half (run by bench/scale, which installs etcd and nginx and builds the jar): every process
 * on 127.0.0.1, started and stopped here by PID. Three phases, each against a fresh etcd prefix:
 *
 * <ol>
 *   <li>configuration at 24,000 keys: 2,000 routers, 2,000 services of 5 servers, 2,000 middlewares; the first load
 *       from the last put until the last router serves, one-key changes until they route (p50/p99), proxy RSS;</li>
 *   <li>probes: 2,000 services of one server with a 1 s health check; proxy CPU per probe (CPU with the checks less
 *       CPU without them, over the probes the origins logged) and the share of scheduled probes that arrived;</li>
 *   <li>agents: N agents with a services file of 20 services each (shared), started together; puts, lists and bytes
 *       out of etcd until every key is stored, the same over a quiet steady state, and agent RSS.</li>
 * </ol>
 *
 * Usage: {@code java bench/ScaleBench.java JAR WORKDIR [agents [all|keys|probes|agents]]} (the last: the phases to run,
 * all by default); the JVM flags of the proxy and the agents come from {@code KVROUTE_PROXY_JAVA_OPTS} and
 * {@code KVROUTE_AGENT_JAVA_OPTS} (bench/scale sets both to the launcher's); the agents run from {@code KVROUTE_AGENT_JAR}
 * with the class-data archive {@code KVROUTE_AGENT_ARCHIVE} when set (bench/scale: the agent-only jar and an archive
 * made as units/install.sh makes it, so their RSS is an installed agent's), else from JAR.
 */
public final class ScaleBench {
    private static final String HOST = "127.0.0.1";
    private static final int ETCD_CLIENT = 23880;
    private static final int ETCD_PEER = 23881;
    private static final int PROXY = 18280;
    private static final int ORIGIN_FIRST = 18201;
    private static final int ORIGINS = 20;
    private static final int ROUTERS = 2_000;
    private static final int SERVERS_PER_SERVICE = 5;
    private static final int CHANGES = 100;
    private static final int PROBED = 2_000;
    private static final int PROBE_WINDOW_SECONDS = 20;
    private static final int SERVICES_PER_AGENT = 20;
    private static final int SHARED_SERVICES = 100;
    private static final long CLOCK_TICKS = 100;

    private final Path jar;
    private final Path work;
    private final int agents;
    private final String phase;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> started = new ArrayList<>();
    private final Map<String, String> results = new LinkedHashMap<>();

    private ScaleBench(Path jar, Path work, int agents, String phase) {
        this.jar = jar;
        this.work = work;
        this.agents = agents;
        this.phase = phase;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java bench/ScaleBench.java JAR WORKDIR [agents [all|keys|probes|agents]]");
            System.exit(2);
        }
        ScaleBench bench = new ScaleBench(Path.of(args[0]), Path.of(args[1]),
                args.length > 2 ? Integer.parseInt(args[2]) : 50, args.length > 3 ? args[3] : "all");
        try {
            bench.run();
        } finally {
            bench.stopAll();
        }
    }

    private void run() throws Exception {
        startOrigins();
        startEtcd();
        if (runs("keys") || runs("probes")) {
            Process proxy = startProxy();
            if (runs("keys")) {
                configurationAtScale(proxy);
                stop(proxy);
                proxy = restartOnTheSameKeys();
            }
            if (runs("probes")) {
                probes(proxy);
            }
            stop(proxy);
        }
        if (runs("agents")) {
            agentsStartingTogether();
        }
        System.out.println();
        System.out.println("| figure | measured |");
        System.out.println("|---|---|");
        results.forEach((name, value) -> System.out.println("| " + name + " | " + value + " |"));
    }

    private boolean runs(String name) {
        return phase.equals("all") || phase.equals(name);
    }

    // --- phase 1: 24,000 keys ----------------------------------------------------------------------------------

    private void configurationAtScale(Process proxy) throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < ROUTERS; i++) {
            String router = "traefik/http/routers/r" + i + "/";
            keys.put(router + "rule", "Host(`s" + i + ".bench`)");
            keys.put(router + "service", "s" + i);
            keys.put(router + "entryPoints/0", "web");
            keys.put(router + "middlewares/0", "m" + i);
            keys.put(router + "priority", Integer.toString(100 + i));
            keys.put("traefik/http/middlewares/m" + i + "/headers/customRequestHeaders/X-Bench", "m" + i);
            keys.put("traefik/http/services/s" + i + "/loadBalancer/passHostHeader", "true");
            for (int s = 0; s < SERVERS_PER_SERVICE; s++) {
                keys.put("traefik/http/services/s" + i + "/loadBalancer/servers/" + s + "/url", origin(i + s));
            }
        }
        deletePrefix("traefik/");
        long writeStart = System.nanoTime();
        putAll(keys);
        long lastPut = System.nanoTime();
        awaitStatus("s" + (ROUTERS - 1) + ".bench", 200, Duration.ofSeconds(120));
        long firstLoadMs = (System.nanoTime() - lastPut) / 1_000_000;
        results.put("keys written", String.format("%,d (%.1f s to write)", keys.size(),
                (lastPut - writeStart) / 1e9));
        results.put("first load, last put until the last router serves", firstLoadMs + " ms");
        Thread.sleep(2_000);
        results.put("proxy RSS at " + String.format("%,d", keys.size()) + " keys", rssMiB(proxy.pid()) + " MiB");

        long cpuBefore = cpuTicks(proxy.pid());
        List<Long> latencies = new ArrayList<>();
        List<Long> putLatencies = new ArrayList<>();
        for (int change = 0; change < CHANGES; change++) {
            String host = "c" + change + ".bench";
            long put = System.nanoTime();
            put("traefik/http/routers/r" + change + "/rule", "Host(`" + host + "`)");
            putLatencies.add((System.nanoTime() - put) / 1_000_000);
            awaitStatus(host, 200, Duration.ofSeconds(30));
            latencies.add((System.nanoTime() - put) / 1_000_000);
        }
        long cpuMs = (cpuTicks(proxy.pid()) - cpuBefore) * 1000 / CLOCK_TICKS;
        latencies.sort(null);
        results.put("one-key change until it routes, p50 / p99 / max (" + CHANGES + " changes)",
                percentile(latencies, 50) + " / " + percentile(latencies, 99) + " / " + latencies.get(
                        latencies.size() - 1) + " ms");
        putLatencies.sort(null);
        results.put("of which the put until etcd answered, p50 / p99 / max",
                percentile(putLatencies, 50) + " / " + percentile(putLatencies, 99) + " / " + putLatencies.get(
                        putLatencies.size() - 1) + " ms");
        results.put("proxy CPU per one-key change", (cpuMs / CHANGES) + " ms");
    }

    // --- phase 2: probes ---------------------------------------------------------------------------------------

    private void probes(Process proxy) throws Exception {
        deletePrefix("traefik/");
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < PROBED; i++) {
            keys.put("traefik/http/routers/p" + i + "/rule", "Host(`p" + i + ".bench`)");
            keys.put("traefik/http/routers/p" + i + "/service", "p" + i);
            keys.put("traefik/http/services/p" + i + "/loadBalancer/servers/0/url", origin(i));
        }
        putAll(keys);
        awaitStatus("p" + (PROBED - 1) + ".bench", 200, Duration.ofSeconds(60));
        Thread.sleep(5_000);
        long idleTicks = cpuOver(proxy, PROBE_WINDOW_SECONDS);

        Map<String, String> checks = new LinkedHashMap<>();
        for (int i = 0; i < PROBED; i++) {
            checks.put("traefik/http/services/p" + i + "/loadBalancer/healthCheck/path", "/health");
            checks.put("traefik/http/services/p" + i + "/loadBalancer/healthCheck/interval", "1s");
            checks.put("traefik/http/services/p" + i + "/loadBalancer/healthCheck/timeout", "1s");
        }
        putAll(checks);
        Thread.sleep(10_000);
        long probesBefore = probesLogged();
        long probingTicks = cpuOver(proxy, PROBE_WINDOW_SECONDS);
        long probes = probesLogged() - probesBefore;
        long expected = (long) PROBED * PROBE_WINDOW_SECONDS;
        double usPerProbe = probes == 0 ? Double.NaN
                : (probingTicks - idleTicks) * (1_000_000.0 / CLOCK_TICKS) / probes;
        results.put("probes at " + PROBED + " servers, 1 s interval: arrived / scheduled in "
                + PROBE_WINDOW_SECONDS + " s", String.format("%,d / %,d (%.1f%%)", probes, expected,
                        100.0 * probes / expected));
        results.put("proxy CPU per probe (with checks less without)", String.format("%.0f us", usPerProbe));
        results.put("proxy CPU share of one core while probing", String.format("%.1f%% (idle %.1f%%)",
                100.0 * probingTicks / CLOCK_TICKS / PROBE_WINDOW_SECONDS,
                100.0 * idleTicks / CLOCK_TICKS / PROBE_WINDOW_SECONDS));
    }

    // --- phase 3: agents ---------------------------------------------------------------------------------------

    private void agentsStartingTogether() throws Exception {
        deletePrefix("traefik/");
        Thread.sleep(1_000);
        Map<String, Double> before = etcdMetrics();
        long start = System.nanoTime();
        List<Process> agentProcesses = new ArrayList<>();
        for (int agent = 0; agent < agents; agent++) {
            agentProcesses.add(startAgent(agent));
        }
        int expectedServers = agents * SERVICES_PER_AGENT;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (countKeys("traefik/http/services/", "/url") < expectedServers) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("agents did not store " + expectedServers + " server urls in 5 min");
            }
            Thread.sleep(200);
        }
        long storedMs = (System.nanoTime() - start) / 1_000_000;
        Thread.sleep(5_000);
        Map<String, Double> settled = etcdMetrics();
        long keys = countKeys("traefik/", "");
        double puts = delta(before, settled, "etcd_mvcc_put_total");
        results.put(agents + " agents x " + SERVICES_PER_AGENT + " services: all server keys stored",
                String.format("%,d ms after the first agent started", storedMs));
        results.put("keys stored / puts (ratio)", String.format("%,d / %,.0f (%.2f)", keys, puts, puts / keys));
        results.put("Range calls (lists, marks, reads) during start-up", String.format("%,.0f",
                delta(before, settled, "grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Range\"")));
        results.put("bytes sent by etcd to clients during start-up", String.format("%,.1f MB",
                delta(before, settled, "etcd_network_client_grpc_sent_bytes_total") / 1e6));

        Thread.sleep(5_000);
        Map<String, Double> steadyFrom = etcdMetrics();
        Thread.sleep(10_000);
        Map<String, Double> steadyTo = etcdMetrics();
        results.put("steady state over 10 s: puts / Range calls", String.format("%,.0f / %,.0f",
                delta(steadyFrom, steadyTo, "etcd_mvcc_put_total"),
                delta(steadyFrom, steadyTo, "grpc_server_handled_total{grpc_code=\"OK\",grpc_method=\"Range\"")));
        List<Double> rss = new ArrayList<>();
        for (Process agent : agentProcesses) {
            rss.add(rssKiB(agent.pid()) / 1024.0);
        }
        Collections.sort(rss);
        results.put("agent RSS, mean / median / max (agents over 64 MiB)", String.format("%.1f / %.1f / %.1f MiB (%d)",
                rss.stream().mapToDouble(Double::doubleValue).average().orElse(0), rss.get(rss.size() / 2),
                rss.get(rss.size() - 1), rss.stream().filter(r -> r > 64).count()));
        agentProcesses.forEach(Process::destroy);
        for (Process agent : agentProcesses) {
            stop(agent);
        }
    }

    private Process startAgent(int agent) throws IOException {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int j = 0; j < SERVICES_PER_AGENT; j++) {
            int service = (agent * 7 + j) % SHARED_SERVICES;
            yaml.append("  - name: shared").append(service).append('\n')
                    .append("    rule: Host(`shared").append(service).append(".bench`)\n")
                    .append("    servers:\n      - url: ").append(origin(agent)).append('\n');
        }
        Path services = work.resolve("agent" + agent + ".yml");
        Files.writeString(services, yaml);
        List<String> command = java("KVROUTE_AGENT_JAVA_OPTS", "");
        String agentJar = System.getenv("KVROUTE_AGENT_JAR");
        if (agentJar != null && !agentJar.isEmpty()) {
            command.set(command.size() - 1, agentJar);
            String archive = System.getenv().getOrDefault("KVROUTE_AGENT_ARCHIVE", "");
            if (!archive.isEmpty()) {
                command.add(1, "-XX:SharedArchiveFile=" + archive);
            }
        }
        command.addAll(List.of("agent", "--etcd.endpoint=" + HOST + ":" + ETCD_CLIENT, "--services=" + services,
                "--node-name=node" + agent, "--health.address=" + HOST + ":0", "--ttl=15s"));
        return start(command, "agent" + agent + ".log");
    }

    // --- processes ---------------------------------------------------------------------------------------------

    private void startOrigins() throws Exception {
        Path dir = work.resolve("origin");
        Files.createDirectories(dir);
        StringBuilder servers = new StringBuilder();
        for (int port = ORIGIN_FIRST; port < ORIGIN_FIRST + ORIGINS; port++) {
            servers.append("  server { listen ").append(HOST).append(':').append(port).append(";\n")
                    .append("    location = /health { access_log ").append(dir.resolve("probes.log"))
                    .append(" probes; return 200 \"ok\\n\"; }\n")
                    .append("    location / { return 200 \"hello\\n\"; } }\n");
        }
        String conf = "worker_processes 1; daemon off; pid " + dir.resolve("nginx.pid") + "; error_log "
                + dir.resolve("error.log") + ";\nevents { worker_connections 8192; }\nhttp {\n"
                + "  access_log off; log_format probes '$msec'; keepalive_requests 1000000;\n"
                + "  client_body_temp_path " + dir + "; proxy_temp_path " + dir + "; fastcgi_temp_path " + dir
                + "; uwsgi_temp_path " + dir + "; scgi_temp_path " + dir + ";\n" + servers + "}\n";
        Files.writeString(dir.resolve("nginx.conf"), conf);
        Files.writeString(dir.resolve("probes.log"), "");
        start(List.of("nginx", "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString()), "nginx.log");
        awaitHttp(URI.create("http://" + HOST + ":" + ORIGIN_FIRST + "/"), Duration.ofSeconds(10));
    }

    private void startEtcd() throws Exception {
        start(List.of("etcd", "--data-dir", work.resolve("etcd").toString(),
                "--listen-client-urls", "http://" + HOST + ":" + ETCD_CLIENT,
                "--advertise-client-urls", "http://" + HOST + ":" + ETCD_CLIENT,
                "--listen-peer-urls", "http://" + HOST + ":" + ETCD_PEER,
                "--initial-advertise-peer-urls", "http://" + HOST + ":" + ETCD_PEER,
                "--initial-cluster", "default=http://" + HOST + ":" + ETCD_PEER,
                "--quota-backend-bytes", Long.toString(4L << 30)), "etcd.log");
        awaitHttp(URI.create("http://" + HOST + ":" + ETCD_CLIENT + "/health"), Duration.ofSeconds(20));
    }

    /** A proxy started on the 24,000 keys already stored: from the process start until their last router serves. */
    private Process restartOnTheSameKeys() throws Exception {
        long start = System.nanoTime();
        Process proxy = start(proxyCommand(), "proxy-restarted.log");
        awaitStatus("s" + (ROUTERS - 1) + ".bench", 200, Duration.ofSeconds(120));
        results.put("proxy started on the stored 24,000 keys, process start until the last router serves",
                (System.nanoTime() - start) / 1_000_000 + " ms");
        return proxy;
    }

    private List<String> proxyCommand() {
        List<String> command = java("KVROUTE_PROXY_JAVA_OPTS", "");
        command.addAll(List.of("proxy", "--etcd.endpoint=" + HOST + ":" + ETCD_CLIENT,
                "--entrypoints.web.address=" + HOST + ":" + PROXY));
        return command;
    }

    private Process startProxy() throws Exception {
        Process proxy = start(proxyCommand(), "proxy.log");
        // serving starts before the store is reached: wait until a router from the store routes, so that the first
        // load below is that of a running proxy watching the store, not the proxy's own start-up
        put("traefik/http/routers/ready/rule", "Host(`ready.bench`)");
        put("traefik/http/routers/ready/service", "ready");
        put("traefik/http/services/ready/loadBalancer/servers/0/url", origin(0));
        awaitStatus("ready.bench", 200, Duration.ofSeconds(60));
        return proxy;
    }

    private List<String> java(String optionsVariable, String defaults) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = System.getenv().getOrDefault(optionsVariable, defaults);
        for (String option : options.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    private Process start(List<String> command, String log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(log).toFile()).start();
        started.add(process);
        return process;
    }

    private void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private void stopAll() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                stop(process);
            }
        }
    }

    // --- etcd over its JSON gateway -----------------------------------------------------------------------------

    private void putAll(Map<String, String> keys) throws Exception {
        List<Map.Entry<String, String>> entries = new ArrayList<>(keys.entrySet());
        for (int from = 0; from < entries.size(); from += 128) {
            StringBuilder ops = new StringBuilder();
            for (Map.Entry<String, String> entry : entries.subList(from, Math.min(from + 128, entries.size()))) {
                if (ops.length() > 0) {
                    ops.append(',');
                }
                ops.append("{\"requestPut\":{\"key\":\"").append(b64(entry.getKey())).append("\",\"value\":\"")
                        .append(b64(entry.getValue())).append("\"}}");
            }
            etcd("/v3/kv/txn", "{\"success\":[" + ops + "]}");
        }
    }

    private void put(String key, String value) throws Exception {
        etcd("/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}");
    }

    private void deletePrefix(String prefix) throws Exception {
        etcd("/v3/kv/deleterange", "{\"key\":\"" + b64(prefix) + "\",\"range_end\":\"" + b64(rangeEnd(prefix))
                + "\"}");
    }

    /** Keys under {@code prefix} ending with {@code suffix}. */
    private long countKeys(String prefix, String suffix) throws Exception {
        String body = etcd("/v3/kv/range", "{\"key\":\"" + b64(prefix) + "\",\"range_end\":\"" + b64(rangeEnd(prefix))
                + "\",\"keys_only\":true}");
        Matcher keys = Pattern.compile("\"key\":\"([^\"]+)\"").matcher(body);
        long count = 0;
        while (keys.find()) {
            if (new String(Base64.getDecoder().decode(keys.group(1)), StandardCharsets.UTF_8).endsWith(suffix)) {
                count++;
            }
        }
        return count;
    }

    private String etcd(String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://" + HOST + ":" + ETCD_CLIENT + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("etcd " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private Map<String, Double> etcdMetrics() throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + ETCD_CLIENT + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            metrics.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return metrics;
    }

    /** The growth of every series whose name (with its labels) starts with {@code series}. */
    private static double delta(Map<String, Double> from, Map<String, Double> to, String series) {
        double sum = 0;
        for (Map.Entry<String, Double> entry : to.entrySet()) {
            if (entry.getKey().startsWith(series)) {
                sum += entry.getValue() - from.getOrDefault(entry.getKey(), 0.0);
            }
        }
        return sum;
    }

    // --- measuring ---------------------------------------------------------------------------------------------

    private void awaitStatus(String host, int status, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://" + HOST + ":" + PROXY + "/")).header("Host", host)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == status) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(host + " did not answer " + status + " within " + bound
                        + "; see " + work.resolve("proxy.log"));
            }
            Thread.sleep(2);
        }
    }

    private void awaitHttp(URI uri, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            try {
                http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(uri + " not answering within " + bound, e);
                }
                Thread.sleep(100);
            }
        }
    }

    private long cpuOver(Process process, int seconds) throws Exception {
        long before = cpuTicks(process.pid());
        Thread.sleep(seconds * 1000L);
        return cpuTicks(process.pid()) - before;
    }

    /** User plus system clock ticks of a process, all threads. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long rssMiB(long pid) throws IOException {
        return rssKiB(pid) / 1024;
    }

    private static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private long probesLogged() throws IOException {
        try (var lines = Files.lines(work.resolve("origin").resolve("probes.log"))) {
            return lines.count();
        }
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static String origin(int index) {
        return "http://" + HOST + ":" + (ORIGIN_FIRST + index % ORIGINS);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String rangeEnd(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }
}
