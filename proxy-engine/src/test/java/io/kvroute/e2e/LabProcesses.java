package io.kvroute.e2e;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The long-running processes of the lab (etcd, backends, agents, the proxy), by name. Each one's output is
 * appended to {@code <logDir>/<name>.log}. Processes are stopped only by the PIDs this class started; {@link
 * #close()} SIGKILLs whatever still runs, newest first.
 */
final class LabProcesses implements AutoCloseable {
    private static final long EXIT_WAIT_SECONDS = 10;
    private final Path logDir;
    private final Map<String, Process> running = new LinkedHashMap<>();

    LabProcesses(Path logDir) throws IOException {
        this.logDir = Files.createDirectories(requireNonNull(logDir, "logDir"));
    }

    /** Starts {@code argv} as {@code name}; a name still running is an error. */
    Process start(String name, List<String> argv) throws IOException {
        if (isRunning(name)) {
            throw new IllegalStateException(name + " is already running as PID " + running.get(name).pid());
        }
        Path log = log(name);
        Files.writeString(log, "$ " + String.join(" ", argv) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        running.remove(name);
        running.put(name, process);
        return process;
    }

    boolean isRunning(String name) {
        Process process = running.get(name);
        return process != null && process.isAlive();
    }

    /** The PID of the process started as {@code name}. */
    long pid(String name) {
        Process process = running.get(name);
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** SIGKILLs the process started as {@code name} (by its PID) and waits until it is gone. */
    void kill(String name) throws InterruptedException {
        Process process = running.get(name);
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        process.destroyForcibly();
        if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " (PID " + process.pid() + ") still runs "
                    + EXIT_WAIT_SECONDS + " s after SIGKILL");
        }
    }

    Path log(String name) {
        return logDir.resolve(name + ".log");
    }

    /** The log of {@code name}, for failure messages. */
    String logText(String name) {
        try {
            return Files.readString(log(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILLs every process that still runs, newest first, and waits for each. */
    @Override
    public void close() throws InterruptedException {
        List<String> names = new ArrayList<>(running.keySet());
        Collections.reverse(names);
        List<String> stuck = new ArrayList<>();
        for (String name : names) {
            Process process = running.get(name);
            process.destroyForcibly();
            if (!process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                stuck.add(name + " (PID " + process.pid() + ")");
            }
        }
        running.clear();
        if (!stuck.isEmpty()) {
            throw new IllegalStateException("still running after SIGKILL: " + stuck);
        }
    }
}
