package io.kvroute.e2e;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Hosts as Linux network namespaces on this machine: {@code <p>-br} holds bridge {@code br0}; {@code <p>-etcd},
 * {@code <p>-edge}, {@code <p>-node1} and {@code <p>-node2} each have {@code lo} and an {@code eth0} with an
 * address of {@link #SUBNET}{@code 0/24}, whose veth peer (named after the host) is a port of {@code br0}. The
 * prefix {@code <p>} is {@code kvr} and four random hex digits. Veths are created directly inside the namespaces,
 * so the root namespace never holds a link or an address of this lab.
 *
 * <p>Every run records its owner (the test JVM's PID and start time) in {@code /tmp/kvroute-netns/<p>/owner};
 * {@link #create} first removes the namespaces, processes and files of runs whose owner is gone.
 */
final class NetnsLab implements AutoCloseable {
    static final String SUBNET = "10.213.47.";
    static final Path RUNS = Path.of("/tmp", "kvroute-netns");
    private static final Pattern LAB_NAMESPACE = Pattern.compile("(kvr[0-9a-f]{4})-[a-z0-9]+");
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);
    private static final String BRIDGE = "br";

    private final String prefix;
    private final Path runDir;
    private final List<String> namespaces = new ArrayList<>();

    private NetnsLab(String prefix, Path runDir) {
        this.prefix = requireNonNull(prefix, "prefix");
        this.runDir = requireNonNull(runDir, "runDir");
    }

    /** Removes leftovers of crashed runs, then builds the bridge and the four hosts; undoes it all if a step fails. */
    static NetnsLab create() throws IOException {
        removeLeftovers();
        String prefix = "kvr" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        Path runDir = Files.createDirectories(RUNS.resolve(prefix));
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(runDir.resolve("owner"), self.pid() + " " + startMillis(self).orElse(0L) + "\n");
        NetnsLab lab = new NetnsLab(prefix, runDir);
        try {
            lab.build();
            return lab;
        } catch (RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    private void build() {
        String bridge = addNamespace(BRIDGE);
        ip("-n", bridge, "link", "add", "br0", "type", "bridge");
        ip("-n", bridge, "link", "set", "br0", "up");
        for (LabHost host : LabHost.values()) {
            String namespace = addNamespace(host.hostName());
            ip("link", "add", "eth0", "netns", namespace, "type", "veth", "peer", "name", host.hostName(),
                    "netns", bridge);
            ip("-n", bridge, "link", "set", host.hostName(), "master", "br0");
            ip("-n", bridge, "link", "set", host.hostName(), "up");
            ip("-n", namespace, "addr", "add", host.address() + "/24", "dev", "eth0");
            ip("-n", namespace, "link", "set", "eth0", "up");
        }
    }

    private String addNamespace(String suffix) {
        String namespace = prefix + "-" + suffix;
        ip("netns", "add", namespace);
        namespaces.add(namespace);
        ip("-n", namespace, "link", "set", "lo", "up");
        return namespace;
    }

    /** {@code kvr1a2b}: the random part of every namespace name of this run. */
    String prefix() {
        return prefix;
    }

    /** This run's directory for data and config files, deleted by {@link #close()}. */
    Path runDir() {
        return runDir;
    }

    String namespace(LabHost host) {
        return prefix + "-" + host.hostName();
    }

    /** {@code ip netns exec <ns> command...}: the command with this host's network, its own /sys. */
    List<String> exec(LabHost host, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        argv.addAll(command);
        return argv;
    }

    /**
     * {@code nsenter --net=/var/run/netns/<ns> command...}: only the network namespace changes. dockerd needs this:
     * {@code ip netns exec} mounts a fresh /sys, which hides the cgroup mounts dockerd requires.
     */
    List<String> enterNetwork(LabHost host, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=/var/run/netns/" + namespace(host)));
        argv.addAll(command);
        return argv;
    }

    /** Takes the host's bridge port down: its cable is cut, its own eth0 stays configured (NO-CARRIER). */
    void cutLink(LabHost host) {
        ip("-n", prefix + "-" + BRIDGE, "link", "set", host.hostName(), "down");
    }

    /** Brings the host's bridge port up again. */
    void restoreLink(LabHost host) {
        ip("-n", prefix + "-" + BRIDGE, "link", "set", host.hostName(), "up");
    }

    /** The PIDs of processes still in this lab's namespaces. */
    List<Long> remainingPids() {
        List<Long> pids = new ArrayList<>();
        for (String namespace : namespaces) {
            pids.addAll(pidsIn(namespace));
        }
        return pids;
    }

    /** Deletes the namespaces (with their veths and the bridge) and the run directory. */
    @Override
    public void close() throws IOException {
        List<String> failures = new ArrayList<>();
        List<String> newestFirst = new ArrayList<>(namespaces);
        Collections.reverse(newestFirst);
        for (String namespace : newestFirst) {
            Command.Result result = Command.of(IP_TIMEOUT, "ip", "netns", "del", namespace).run();
            if (!result.ok()) {
                failures.add(namespace + ": " + result.err().strip());
            }
        }
        namespaces.clear();
        deleteTree(runDir);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not delete namespaces " + failures);
        }
    }

    /**
     * Removes the namespaces of earlier runs whose owner JVM is gone: SIGKILLs the processes those runs left in
     * them (by PID), unmounts what their dockerd left mounted, deletes the namespaces and their run directory.
     */
    static void removeLeftovers() throws IOException {
        TreeSet<String> stalePrefixes = new TreeSet<>();
        List<String> allNamespaces = listNamespaces();
        for (String namespace : allNamespaces) {
            Matcher matcher = LAB_NAMESPACE.matcher(namespace);
            if (matcher.matches() && !ownerAlive(RUNS.resolve(matcher.group(1)))) {
                stalePrefixes.add(matcher.group(1));
            }
        }
        for (String stale : stalePrefixes) {
            List<String> ofRun = allNamespaces.stream().filter(namespace -> namespace.startsWith(stale + "-")).toList();
            for (String namespace : ofRun) {
                for (long pid : pidsIn(namespace)) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            unmountUnder(RUNS.resolve(stale));
            for (String namespace : ofRun) {
                Command.of(IP_TIMEOUT, "ip", "netns", "del", namespace).run();
            }
            deleteTree(RUNS.resolve(stale));
            System.out.println("removed leftovers of an earlier run: namespaces " + ofRun);
        }
    }

    private static boolean ownerAlive(Path runDir) throws IOException {
        Path owner = runDir.resolve("owner");
        if (!Files.isRegularFile(owner)) {
            return false;
        }
        String[] fields = Files.readString(owner, StandardCharsets.UTF_8).strip().split(" ");
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(fields[0]));
        return process.isPresent() && process.get().isAlive()
                && startMillis(process.get()).orElse(0L) == Long.parseLong(fields[1]);
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(instant -> instant.toEpochMilli());
    }

    private static List<String> listNamespaces() {
        return Command.of(IP_TIMEOUT, "ip", "netns", "list").output().lines()
                .map(line -> line.split(" ")[0]).filter(name -> !name.isBlank()).toList();
    }

    private static List<Long> pidsIn(String namespace) {
        Command.Result result = Command.of(IP_TIMEOUT, "ip", "netns", "pids", namespace).run();
        return result.out().lines().filter(line -> !line.isBlank()).map(line -> Long.parseLong(line.strip())).toList();
    }

    /** Unmounts what a dockerd left mounted under {@code dir} (its network namespace file). */
    static void unmountUnder(Path dir) throws IOException {
        List<String> mountPoints = Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8).stream()
                .map(line -> line.split(" ")[1]).filter(point -> point.startsWith(dir + "/"))
                .sorted(Comparator.reverseOrder()).toList();
        for (String mountPoint : mountPoints) {
            if (!Command.of(IP_TIMEOUT, "umount", mountPoint).run().ok()) {
                Command.of(IP_TIMEOUT, "umount", "-l", mountPoint).run();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        unmountUnder(dir);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        Command.of(IP_TIMEOUT, argv).output();
    }
}
