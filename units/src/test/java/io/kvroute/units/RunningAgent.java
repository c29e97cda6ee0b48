package io.kvroute.units;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code kvroute agent} running as a child process on one etcd, with one services file and node {@code n1}, its output
 * in a file; {@link #close} stops it by its own handle (SIGTERM, then SIGKILL after 10 s).
 */
final class RunningAgent implements AutoCloseable {
    private final Process process;
    private final Path output;

    private RunningAgent(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code kvroute} (the words of {@code launcher}) {@code agent} on {@code etcdEndpoint} with its keys under
     * {@code prefix}, in {@code directory} with exactly {@code environment}.
     */
    static RunningAgent start(List<String> launcher, String etcdEndpoint, String prefix, Path services,
            Path directory, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("agent", "--etcd.endpoint=" + etcdEndpoint, "--prefix=" + prefix,
                "--services=" + services, "--node-name=n1", "--health.address=127.0.0.1:0", "--ttl=5s",
                "--drain-grace=0s"));
        Path output = Files.createTempFile(directory, "agent-" + prefix + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new RunningAgent(builder.start(), output);
    }

    /** The arguments of the running process: the launcher has exec'd java by the time the agent wrote a key. */
    List<String> javaArguments() {
        return process.info().arguments().map(List::of).orElse(List.of());
    }

    /** What the agent printed so far (stdout and stderr). */
    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
