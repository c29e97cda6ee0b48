package io.kvroute.agent.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One private dockerd under a temporary directory: its own socket, data root, exec root (where it starts its
 * own containerd), pid file, config file and log. Started and stopped by PID; {@link #cleanUp} unmounts what the
 * daemon left mounted (its network namespace file) and deletes the directory.
 *
 * <p>Command line (everything else at dockerd's defaults, {@code --config-file} pointing at an empty JSON object
 * so that the host's {@code /etc/docker/daemon.json} does not apply):
 * <pre>
 * dockerd --storage-driver vfs --iptables=false --ip-masq=false --bridge=none
 *         -H unix://ROOT/docker.sock --data-root ROOT/data --exec-root ROOT/exec --pidfile ROOT/docker.pid
 *         --config-file ROOT/daemon.json --containerd-namespace kvroute-test --containerd-plugins-namespace kvroute-test-plugins
 * </pre>
 */
final class DockerdProcess {
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 40;

    private final Path dockerd;
    private final Path root;
    private Process process;

    DockerdProcess(Path dockerd, Path root) {
        this.dockerd = dockerd;
        this.root = root;
    }

    /** Finds dockerd in /usr/sbin, /usr/bin or on PATH. */
    static Optional<Path> locate() {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        return dirs.stream().filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "dockerd")).filter(Files::isExecutable).findFirst();
    }

    Path socket() {
        return root.resolve("docker.sock");
    }

    Path log() {
        return root.resolve("dockerd.log");
    }

    List<String> commandLine() {
        return List.of(dockerd.toString(),
                "--storage-driver", "vfs", "--iptables=false", "--ip-masq=false", "--bridge=none",
                "-H", "unix://" + socket(),
                "--data-root", root.resolve("data").toString(),
                "--exec-root", root.resolve("exec").toString(),
                "--pidfile", root.resolve("docker.pid").toString(),
                "--config-file", root.resolve("daemon.json").toString(),
                "--containerd-namespace", "kvroute-test",
                "--containerd-plugins-namespace", "kvroute-test-plugins");
    }

    /** Starts dockerd (appending to its log); the caller waits until it answers. */
    void start() throws IOException {
        Files.writeString(root.resolve("daemon.json"), "{}\n");
        process = new ProcessBuilder(commandLine())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Sends SIGTERM to the daemon's PID, waits for it to stop its containers and exit, SIGKILL after 20 s. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        process = null;
    }

    /** The last lines of the daemon's log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no dockerd log: " + e.getMessage() + ")";
        }
    }

    /** Unmounts everything still mounted under the root (deepest first), then deletes the root. */
    void cleanUp() throws IOException, InterruptedException {
        for (String mountPoint : mountsUnderRoot()) {
            if (run("umount", mountPoint) != 0) {
                run("umount", "-l", mountPoint);
            }
        }
        if (!mountsUnderRoot().isEmpty()) {
            throw new IOException("still mounted under " + root + ": " + mountsUnderRoot() + "; not deleting it");
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private List<String> mountsUnderRoot() throws IOException {
        String prefix = root.toRealPath().toString();
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            String mountPoint = unescape(fields[4]);
            if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
                mounts.add(mountPoint);
            }
        }
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        return mounts;
    }

    private static String unescape(String mountInfoField) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < mountInfoField.length(); i++) {
            char c = mountInfoField.charAt(i);
            if (c == '\\' && i + 3 < mountInfoField.length()) {
                text.append((char) Integer.parseInt(mountInfoField.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process umount = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return umount.waitFor();
    }
}
